using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>What Gong Support needs for an erase Gong refused: its request id, the time, and what the lookup before it counted.</summary>
    internal static class EvidenceSupport
    {
        public static string For(RowRecord record)
        {
            var detail = record.Entries.LastOrDefault(e => e.Event == JournalEvent.End && e.State == RowState.NeedsSupport)?.Detail;
            var refusal = record.Entries.LastOrDefault(e => e.Event == JournalEvent.Answered && e.State == RowState.NeedsSupport)
                ?? record.Entries.LastOrDefault(e => e.State == RowState.NeedsSupport);
            var counted = record.Entries.LastOrDefault(e => e.Event == JournalEvent.End && e.Counts != null && e.Counts.Values.Any(v => v > 0));
            var plan = record.Entries.LastOrDefault(e => e.Plan != null)?.Plan;
            var text = "For Gong Support: request id " + (refusal?.RequestId ?? "(none)")
                + ", at " + (refusal == null ? "(not recorded)" : EvidenceReport.Time(refusal.Timestamp))
                + (refusal?.Status is int status ? ", HTTP " + status.ToString(CultureInfo.InvariantCulture) : string.Empty)
                + (counted == null ? "; no lookup counted what Gong holds" : "; " + (Runs.RunActions.Parse(counted.Action) == Runs.RunAction.Plan ? "the plan" + (plan == null ? string.Empty : " " + plan) + " counted " : "the lookup before it counted ") + EvidenceReport.Counts(counted.Counts!.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value), ", "));
            return (detail == null ? string.Empty : detail.TrimEnd('.') + ". ") + text + ".";
        }
    }
}
