using System;
using System.Collections.Generic;
using System.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// The one owner of the daily quota in a batch run: the calls begun today (UTC), counted from the journal across runs
    /// and every batch on it (erase, lookup, verify), then as each call begins. The library's own counter is off in the
    /// tool's client, so that nobody else counts.
    /// </summary>
    internal sealed class DailyQuota
    {
        private readonly int _limit;
        private readonly TimeProvider _time;
        private DateTime _day;
        private int _used;

        private DailyQuota(int limit, TimeProvider time, int used)
        {
            _limit = limit;
            _time = time;
            _day = time.GetUtcNow().UtcDateTime.Date;
            _used = used;
        }

        public int Limit => _limit;

        /// <summary>When today's count starts again.</summary>
        public DateTimeOffset ResetsAt => new DateTimeOffset(_time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

        /// <summary>Seeded from the calls the journal records as begun today.</summary>
        public static DailyQuota FromJournal(IEnumerable<JournalEntry> entries, int limit, TimeProvider time)
        {
            var today = time.GetUtcNow().UtcDateTime.Date;
            var used = entries.Count(e => (e.Event == JournalEvents.Start || e.Event == VerifyEvents.Lookup) && e.Timestamp.UtcDateTime.Date == today);
            return new DailyQuota(limit, time, used);
        }

        /// <summary>Takes one call from today's quota; false when it is used up (0 means no quota).</summary>
        public bool TryTake()
        {
            var today = _time.GetUtcNow().UtcDateTime.Date;
            if (today != _day)
            {
                _day = today;
                _used = 0;
            }

            if (_limit > 0 && _used >= _limit)
            {
                return false;
            }

            _used++;
            return true;
        }
    }
}
