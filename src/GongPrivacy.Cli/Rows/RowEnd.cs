using System.Collections.Generic;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>How one row's call ended: the row's state, Gong's request id and status when it answered, why, and whether the run must stop.</summary>
    internal sealed record RowEnd(RowState State, string? RequestId, string? Detail, StopReason Stop = StopReason.Finished, int? Status = null, Dictionary<string, int>? Counts = null, GongApiException? Error = null)
    {
        /// <summary>The journal entry that ended the call (its counts, systems, flags).</summary>
        public Journal.JournalEntry? Entry { get; init; }

        /// <summary>The call was cut short by Ctrl-C or SIGTERM.</summary>
        public bool Interrupted => Stop == StopReason.Interrupted;
    }
}
