using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Lets at most N requests reach Gong in any window of one second plus a safety margin (a sliding log, on a
    /// <see cref="TimeProvider"/>). Gong counts calls as they arrive, and a request arrives some time after its permit
    /// is taken (a new connection, a TLS handshake, a slow first request) and before its answer comes. So a permit counts
    /// while its request is in flight, and for one window after its answer (or failure) comes: the next request can
    /// only start once Gong has certainly counted the earlier ones out of the window.
    /// </summary>
    /// <remarks>
    /// Hand-written on purpose: System.Threading.RateLimiting's <c>SlidingWindowRateLimiter</c>, the maintained choice,
    /// splits the window into segments and returns a permit at the end of the segment it was taken in, so a permit
    /// taken late in a segment comes back up to one segment early and four calls can land inside one second; it also
    /// runs on its own timer rather than a <see cref="TimeProvider"/>, and knows nothing of a request's answer. Polly's
    /// rate limiter wraps the same type.
    /// </remarks>
    internal sealed class GongRateLimiter
    {
        private readonly object _gate = new object();
        private readonly List<Permit> _permits = new List<Permit>();
        private readonly int _limit;
        private readonly TimeSpan _window;
        private readonly TimeProvider _time;
        private TaskCompletionSource<bool> _answered = NewSignal();

        public GongRateLimiter(int permitsPerSecond, TimeSpan safetyMargin, TimeProvider timeProvider)
        {
            _limit = permitsPerSecond;
            _window = TimeSpan.FromSeconds(1) + (safetyMargin > TimeSpan.Zero ? safetyMargin : TimeSpan.Zero);
            _time = timeProvider;
        }

        /// <summary>
        /// Waits for a permit; only <paramref name="cancellationToken"/> (the caller's) bounds the wait. Dispose the permit
        /// when the request's answer (or failure) comes.
        /// </summary>
        public async Task<IDisposable> WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan? wait;
                Task answered;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    _permits.RemoveAll(p => p.AnsweredAt is DateTimeOffset at && now - at >= _window);
                    if (_permits.Count < _limit)
                    {
                        var permit = new Permit(this);
                        _permits.Add(permit);
                        return permit;
                    }

                    // The first answered permit to leave the window; none while every permit is still in flight.
                    wait = null;
                    foreach (var permit in _permits)
                    {
                        if (permit.AnsweredAt is DateTimeOffset at && (wait == null || at + _window - now < wait))
                        {
                            wait = at + _window - now;
                        }
                    }

                    answered = _answered.Task;
                }

                // Wake at the first answer or when the first answered permit leaves the window, whichever comes first.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = wait == null ? Task.Delay(Timeout.Infinite, stop.Token) : _time.Delay(wait.Value, stop.Token);
                await Task.WhenAny(delay, answered).ConfigureAwait(false);
                stop.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Answered(Permit permit)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                if (permit.AnsweredAt != null)
                {
                    return;
                }

                permit.AnsweredAt = _time.GetUtcNow();
                signal = _answered;
                _answered = NewSignal();
            }

            signal.TrySetResult(true);
        }

        /// <summary>One request's place in the window: in flight until disposed, then counted for one window more.</summary>
        private sealed class Permit : IDisposable
        {
            private readonly GongRateLimiter _owner;

            public Permit(GongRateLimiter owner)
            {
                _owner = owner;
            }

            public DateTimeOffset? AnsweredAt { get; set; }

            public void Dispose() => _owner.Answered(this);
        }
    }
}
