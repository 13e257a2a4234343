using System;
using System.Collections.Generic;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// Gong's per-second limit as it counts: calls on arrival, at most N in any sliding second. A call refused with 429
    /// is not counted.
    /// </summary>
    internal sealed class RateWindow
    {
        private static readonly TimeSpan Second = GongPrivacy.GongLimits.Window;
        private readonly object _gate = new object();
        private readonly Queue<DateTimeOffset> _arrivals = new Queue<DateTimeOffset>();
        private readonly int _permits;

        public RateWindow(int permits)
        {
            _permits = permits;
        }

        /// <summary>Admits a call that arrived at <paramref name="arrival"/>, or says when the oldest call in the window leaves it.</summary>
        public bool TryAdmit(DateTimeOffset arrival, out TimeSpan retryAfter)
        {
            lock (_gate)
            {
                while (_arrivals.Count > 0 && arrival - _arrivals.Peek() >= Second)
                {
                    _arrivals.Dequeue();
                }

                if (_arrivals.Count >= _permits)
                {
                    retryAfter = _arrivals.Peek() + Second - arrival;
                    return false;
                }

                _arrivals.Enqueue(arrival);
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }
}
