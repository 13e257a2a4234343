using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Journal;

namespace GongPrivacy.Cli.Runs
{
    /// <summary>
    /// The one count of Gong's daily quota in the tool: every attempt handed to the network today (UTC), retries included,
    /// counted from the journal's <c>sent</c> entries across runs (batch and single commands alike), then as each attempt
    /// leaves. The library's own counter is off in the tool's client, so that nobody else counts.
    /// </summary>
    internal sealed class DailyQuota
    {
        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private DateTime _day;
        private int _used;

        private DailyQuota(int limit, TimeProvider time, int used)
        {
            Limit = limit;
            _time = time;
            _day = time.GetUtcNow().UtcDateTime.Date;
            _used = used;
        }

        /// <summary>The calls allowed per UTC day; 0 means no limit.</summary>
        public int Limit { get; }

        /// <summary>Attempts counted today.</summary>
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

        /// <summary>Whether today's quota is used up.</summary>
        public bool Exhausted => Limit > 0 && Used >= Limit;

        /// <summary>When today's count starts again.</summary>
        public DateTimeOffset ResetsAt => new DateTimeOffset(_time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

        /// <summary>Seeded from the attempts the journal records as sent today.</summary>
        public static DailyQuota FromJournal(IEnumerable<JournalEntry> entries, int limit, TimeProvider time)
        {
            var today = time.GetUtcNow().UtcDateTime.Date;
            var used = entries.Count(e => e.Event == JournalEvent.Sent && e.Timestamp.UtcDateTime.Date == today);
            return new DailyQuota(limit, time, used);
        }

        /// <summary>Takes one attempt from today's quota; false when it is used up.</summary>
        public bool TryTake()
        {
            lock (_gate)
            {
                Roll();
                if (Limit > 0 && _used >= Limit)
                {
                    return false;
                }

                _used++;
                return true;
            }
        }

        private void Roll()
        {
            var today = _time.GetUtcNow().UtcDateTime.Date;
            if (today != _day)
            {
                _day = today;
                _used = 0;
            }
        }
    }

    /// <summary>Thrown before an attempt leaves when today's quota is used up: the attempt is not sent.</summary>
    internal sealed class DailyQuotaUsedUpException : Exception
    {
        public DailyQuotaUsedUpException(int limit)
            : base("The daily quota of " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + " calls is used up; the attempt was not sent.")
        {
        }
    }
}
