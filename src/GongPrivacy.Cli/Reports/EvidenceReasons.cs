using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>Why a row stands where it does, in words, from what the journal recorded: no state is decided here.</summary>
    internal static class EvidenceReasons
    {
        public static string For(RowRecord record, string? eraseRequestId, JournalEntry? lookup, JournalEntry? last, JournalEntry? stopped)
        {
            var id = eraseRequestId == null ? string.Empty : " (request id " + eraseRequestId + ")";
            var detail = last?.Detail;
            var lookupId = "request id " + (lookup?.RequestId ?? "none");
            switch (record.State)
            {
                case RowState.Verified:
                    return "accepted" + id + "; verified: nothing remains (" + lookupId + ")";
                case RowState.ErasedVerified:
                    return "the erase was in doubt" + id + "; a later lookup found nothing left (" + lookupId + "): it was carried out";
                case RowState.Remaining:
                    return "accepted" + id + "; references remain (" + lookupId + "): " + EvidenceReport.Counts(lookup?.Counts?.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value), ", ");
                case RowState.Accepted:
                    return "accepted by Gong" + id + "; not verified yet" + (last?.Event == JournalEvent.Skipped ? " (" + detail + ")" : string.Empty);
                case RowState.InDoubt:
                    return "sent; Gong may have accepted it: " + (detail ?? "no answer was recorded");
                case RowState.Refused:
                    return (detail ?? "Gong refused it") + "; a resume sends it again";
                case RowState.Rejected:
                    return (detail ?? "Gong refused it") + "; not sent again";
                case RowState.NeedsSupport:
                    return EvidenceSupport.For(record);
                case RowState.CameBack:
                    var verify = record.Entries.LastOrDefault(e => e.Event == JournalEvent.End && e.State is RowState.Verified or RowState.ErasedVerified);
                    return "accepted" + id + "; verified: nothing remained (request id " + (verify?.RequestId ?? "none") + ", " + EvidenceReport.Time(verify?.Timestamp) + "); looked at again " + EvidenceReport.Time(lookup?.Timestamp)
                        + ": " + (lookup?.Detail ?? "data came back") + " (" + lookupId + "). Gong imported it again from a system that still holds it: delete it there, then erase it again";
                case RowState.NothingHeld:
                    var looked = record.Entries.LastOrDefault(e => e.RequestId != null && e.State == RowState.NothingHeld && e.Event == JournalEvent.End) ?? record.Entries.LastOrDefault(e => e.RequestId != null && e.State == RowState.NothingHeld);
                    return "nothing held: Gong held nothing when the plan looked it up (request id " + (looked?.RequestId ?? "none") + ", " + EvidenceReport.Time(looked?.Timestamp) + "); no erase was needed, and none was sent";
                case RowState.Held:
                    return (last?.Event == JournalEvent.Skipped ? detail : "held for review: its flags are not approved") + "; no erase was sent";
                case RowState.Planned:
                    return "planned: no erase under the plan has reached this row yet; a run of the plan sends it";
                case RowState.Failed:
                    return (detail ?? "no usable answer") + "; a resume looks it up again";
                case RowState.NotSent:
                    return (detail ?? "the run stopped before the request was sent") + "; a resume sends it";
                case RowState.Invalid:
                    return "not a subject: " + (detail ?? "unreadable");
                case RowState.Duplicate:
                    return (detail ?? "the same subject as an earlier row") + "; not sent";
                case RowState.Found:
                case RowState.NothingFound:
                    var end = record.Entries.LastOrDefault(e => e.Event == JournalEvent.End);
                    var found = end?.Counts?.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value);
                    return (record.State == RowState.Found ? "found: " + EvidenceReport.Counts(found, ", ") : "nothing found") + " (request id " + (end?.RequestId ?? "none") + ")";
                default:
                    return last?.Event == JournalEvent.Skipped ? "not erased: " + detail
                        : Runs.StopReasons.Parse(stopped?.Stop) is null or Runs.StopReason.Finished ? "the batch has not reached this row yet; a resume sends it"
                        : "the batch stopped (" + (stopped!.Detail ?? stopped.Stop) + ") before this row; a resume sends it";
            }
        }
    }
}
