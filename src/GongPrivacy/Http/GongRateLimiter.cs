using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Lets at most N calls start in any window of one second (a sliding log, on a <see cref="TimeProvider"/>).
    /// One instance is shared by every client in the process for the same tenant host and credential.
    /// </summary>
    internal sealed class GongRateLimiter
    {
        private static readonly ConcurrentDictionary<string, GongRateLimiter> Shared = new ConcurrentDictionary<string, GongRateLimiter>();
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

        private readonly object _gate = new object();
        private readonly Queue<DateTimeOffset> _starts = new Queue<DateTimeOffset>();
        private readonly int _permits;
        private readonly TimeProvider _time;

        internal GongRateLimiter(int permitsPerSecond, TimeProvider timeProvider)
        {
            _permits = permitsPerSecond;
            _time = timeProvider;
        }

        public static GongRateLimiter For(string tenantKey, int permitsPerSecond, TimeProvider timeProvider) =>
            Shared.GetOrAdd(tenantKey + "|" + permitsPerSecond, _ => new GongRateLimiter(permitsPerSecond, timeProvider));

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    while (_starts.Count > 0 && now - _starts.Peek() >= Window)
                    {
                        _starts.Dequeue();
                    }

                    if (_starts.Count < _permits)
                    {
                        _starts.Enqueue(now);
                        return;
                    }

                    wait = _starts.Peek() + Window - now;
                }

                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
