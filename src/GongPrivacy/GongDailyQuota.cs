using System;
using System.Threading;

namespace GongPrivacy
{
    /// <summary>
    /// Counts the calls this process made today (UTC) against Gong's daily quota (10,000 calls per company by
    /// default), so that a long batch can stop cleanly before Gong starts answering 429. The count covers this
    /// process only: other integrations of the same company use the same quota.
    /// </summary>
    public sealed class GongDailyQuota
    {
        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private DateTime _day;
        private int _used;
        private int _warned;

        /// <summary>Creates a counter.</summary>
        /// <param name="limit">The daily quota.</param>
        /// <param name="warningRatio">The share of the quota after which <see cref="IsNearLimit"/> turns true.</param>
        /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
        internal GongDailyQuota(int limit, double warningRatio = 0.9, TimeProvider? timeProvider = null)
        {
            if (limit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "The daily quota must be 0 or more.");
            }

            Limit = limit;
            WarningRatio = warningRatio;
            _time = timeProvider ?? TimeProvider.System;
            _day = _time.GetUtcNow().UtcDateTime.Date;
        }

        /// <summary>
        /// Raised once per day, after the call that crosses the warning ratio is counted. Subscribers run on the thread
        /// pool: one that throws or blocks never fails or delays a call (an exception it throws is dropped).
        /// </summary>
        public event EventHandler<GongDailyQuota>? NearLimit;

        /// <summary>The daily quota.</summary>
        public int Limit { get; }

        /// <summary>The share of the quota after which <see cref="IsNearLimit"/> turns true.</summary>
        public double WarningRatio { get; }

        /// <summary>Calls started today (UTC).</summary>
        public int Used
        {
            get
            {
                lock (_gate)
                {
                    Roll();
                    return _used;
                }
            }
        }

        /// <summary>Calls left today.</summary>
        public int Remaining => Math.Max(0, Limit - Used);

        /// <summary><see langword="true"/> once today's calls reach the warning ratio.</summary>
        public bool IsNearLimit => Used >= Limit * WarningRatio;

        /// <summary><see langword="true"/> when today's quota is used up; calls go on, and Gong answers 429.</summary>
        public bool IsExhausted => Used >= Limit;

        /// <summary>When the count starts again: the next midnight UTC.</summary>
        public DateTimeOffset ResetsAt
        {
            get
            {
                lock (_gate)
                {
                    Roll();
                    return new DateTimeOffset(_day.AddDays(1), TimeSpan.Zero);
                }
            }
        }

        /// <summary>Counts one call.</summary>
        internal void Count()
        {
            bool crossed;
            lock (_gate)
            {
                Roll();
                _used++;
                crossed = _used >= Limit * WarningRatio && _warned == 0;
                if (crossed)
                {
                    _warned = 1;
                }
            }

            var subscribers = crossed ? NearLimit : null;
            if (subscribers != null)
            {
                foreach (var subscriber in subscribers.GetInvocationList())
                {
                    var handler = (EventHandler<GongDailyQuota>)subscriber;
                    ThreadPool.QueueUserWorkItem(_ => Notify(handler));
                }
            }
        }

        /// <summary>Describes the count.</summary>
        /// <returns>For example <c>GongDailyQuota(9000/10000 used today)</c>.</returns>
        public override string ToString() => "GongDailyQuota(" + Used + "/" + Limit + " used today)";

        private void Notify(EventHandler<GongDailyQuota> handler)
        {
            try
            {
                handler(this, this);
            }
#pragma warning disable CA1031 // A subscriber's failure must never reach the call that crossed the ratio.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        private void Roll()
        {
            var today = _time.GetUtcNow().UtcDateTime.Date;
            if (today != _day)
            {
                _day = today;
                _used = 0;
                Interlocked.Exchange(ref _warned, 0);
            }
        }
    }
}
