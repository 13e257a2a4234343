using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Lets at most N requests go on the wire in any window of one second plus a safety margin (a sliding log, on a
    /// <see cref="TimeProvider"/>). Gong counts 3 calls in any second as they arrive; a permit is taken right before a
    /// request is handed to the transport, and the margin absorbs what can make an earlier request arrive later than
    /// the one that follows it (a new connection, a slow first request).
    /// </summary>
    /// <remarks>
    /// Hand-written on purpose: System.Threading.RateLimiting's <c>SlidingWindowRateLimiter</c>, the maintained choice,
    /// splits the window into segments and returns a permit at the end of the segment it was taken in, so a permit
    /// taken late in a segment comes back up to one segment early and four calls can land inside one second; it also
    /// runs on its own timer rather than a <see cref="TimeProvider"/>. Polly's rate limiter wraps the same type.
    /// </remarks>
    internal sealed class GongRateLimiter
    {
        private readonly object _gate = new object();
        private readonly Queue<DateTimeOffset> _starts = new Queue<DateTimeOffset>();
        private readonly int _permits;
        private readonly TimeSpan _window;
        private readonly TimeProvider _time;

        public GongRateLimiter(int permitsPerSecond, TimeSpan safetyMargin, TimeProvider timeProvider)
        {
            _permits = permitsPerSecond;
            _window = TimeSpan.FromSeconds(1) + (safetyMargin > TimeSpan.Zero ? safetyMargin : TimeSpan.Zero);
            _time = timeProvider;
        }

        /// <summary>Waits for a permit; only <paramref name="cancellationToken"/> (the caller's) bounds the wait.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    while (_starts.Count > 0 && now - _starts.Peek() >= _window)
                    {
                        _starts.Dequeue();
                    }

                    if (_starts.Count < _permits)
                    {
                        _starts.Enqueue(now);
                        return;
                    }

                    wait = _starts.Peek() + _window - now;
                }

                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
