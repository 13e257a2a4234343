using System.Collections.Generic;
using System.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>What a row of a batch came to in a run: the tally's kinds, and the journal's <c>counts</c> names.</summary>
    internal enum RowResult
    {
        /// <summary>Erase: Gong accepted it (2xx).</summary>
        Accepted,

        /// <summary>Lookup: Gong holds references.</summary>
        Found,

        /// <summary>Lookup: Gong holds nothing.</summary>
        None,

        /// <summary>Verify: nothing remains.</summary>
        Verified,

        /// <summary>Verify: references remain.</summary>
        Remaining,

        /// <summary>Erase: sent, and no clear answer came (or a server error): Gong may have accepted it.</summary>
        InDoubt,

        /// <summary>Nothing of the call left the process.</summary>
        NotSent,

        /// <summary>Sent, and Gong refused it with a clear refusal (4xx, or 429/503 after every retry).</summary>
        Refused,

        /// <summary>Lookup or verify: no usable answer (a server error, or no answer).</summary>
        Failed,

        /// <summary>The CSV row is not a subject.</summary>
        Invalid,

        /// <summary>The same subject as an earlier row.</summary>
        Duplicate,

        /// <summary>Done by an earlier run.</summary>
        Earlier,

        /// <summary>Verify: erased too recently.</summary>
        NotDue,

        /// <summary>Verify: the erase batch has no accepted erase for it.</summary>
        NotErased,

        /// <summary>Verify: not in the CSV given.</summary>
        NotInCsv,

        /// <summary>The batch stopped before this row's call began.</summary>
        NotAttempted,
    }

    /// <summary>Counts of <see cref="RowResult"/>s, with their names.</summary>
    internal sealed class Tally
    {
        private readonly Dictionary<RowResult, int> _counts = new Dictionary<RowResult, int>();

        public static string Name(RowResult result) => result switch
        {
            RowResult.Accepted => "accepted",
            RowResult.Found => "found",
            RowResult.None => "none",
            RowResult.Verified => "verified",
            RowResult.Remaining => "remaining",
            RowResult.InDoubt => "in-doubt",
            RowResult.NotSent => "not-sent",
            RowResult.Refused => "refused",
            RowResult.Failed => "failed",
            RowResult.Invalid => "invalid",
            RowResult.Duplicate => "duplicate",
            RowResult.Earlier => "earlier",
            RowResult.NotDue => "not-due",
            RowResult.NotErased => "not-erased",
            RowResult.NotInCsv => "not-in-csv",
            _ => "not-attempted",
        };

        public int this[RowResult result] => _counts.TryGetValue(result, out var n) ? n : 0;

        public int Total => _counts.Values.Sum();

        public void Add(RowResult result, int count = 1)
        {
            if (count > 0)
            {
                _counts[result] = this[result] + count;
            }
        }

        public bool Any(params RowResult[] results) => results.Any(r => this[r] > 0);

        /// <summary>The counts by name, in the enum's order, for the journal and the summary.</summary>
        public Dictionary<string, int> ByName() => _counts.OrderBy(p => p.Key).ToDictionary(p => Name(p.Key), p => p.Value);
    }
}
