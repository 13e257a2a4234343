using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// A <see cref="FakeTimeProvider"/> on which short waits pass at once: when code starts a timer due within
    /// <see cref="AutoAdvanceLimit"/> (a client's <c>Retry-After</c>, backoff or rate-limiter wait, the fake's latency),
    /// the clock moves forward to it, so the wait costs no real time and the timestamps still show it. Longer timers
    /// (a client's 100-second attempt timeout) fire only when the test calls <see cref="FakeTimeProvider.Advance"/>.
    /// Give the same clock to the fake and to the client.
    /// </summary>
    public class FakeGongClock : FakeTimeProvider
    {
        private readonly object _gate = new object();

        /// <summary>A clock that starts at 2030-01-01 09:00 UTC.</summary>
        public FakeGongClock()
            : this(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero))
        {
        }

        /// <summary>A clock that starts at <paramref name="start"/>.</summary>
        /// <param name="start">The first time it shows.</param>
        public FakeGongClock(DateTimeOffset start)
            : base(start)
        {
        }

        /// <summary>Timers due within this time move the clock at once. Default one minute: Gong's longest <c>Retry-After</c> a client honours.</summary>
        public TimeSpan AutoAdvanceLimit { get; set; } = TimeSpan.FromMinutes(1);

        /// <inheritdoc />
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var skip = dueTime > TimeSpan.Zero && dueTime <= AutoAdvanceLimit;
            var due = skip ? GetUtcNow() + dueTime : default;
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (skip)
            {
                ThreadPool.QueueUserWorkItem(_ => AdvanceTo(due));
            }

            return timer;
        }

        private void AdvanceTo(DateTimeOffset due)
        {
            lock (_gate)
            {
                var now = GetUtcNow();
                if (due > now)
                {
                    Advance(due - now);
                }
            }
        }
    }
}
