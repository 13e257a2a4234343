using System;
using System.Collections.Generic;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// Reads the entries of a journal written by 0.2.0 (events such as <c>batch-start</c>, <c>done</c>, <c>verified</c>,
    /// without a row state) as this version writes them: each old event becomes the event and the row state the old
    /// version's own replay gave it. The lines themselves are never changed (their chain covers them as written); only
    /// what is read from them. A journal begun by 0.2.0 and continued by this version reads as one.
    /// </summary>
    internal static class LegacyEntries
    {
        private enum Old
        {
            BatchStart, Resume, VerifyStart, VerifyResume, BatchEnd, VerifyEnd, BatchPaused, BatchStopped, Interrupted, QuotaStop,
            Row, Invalid, Duplicate, DryRun, Declined, Start, Sent, Answered, NotSent, Done, Failed, InDoubt,
            VerifyLookup, Verified, Remaining, VerifyFailed, VerifySkipped,
        }

        private static readonly Dictionary<string, Old> Names = new Dictionary<string, Old>(StringComparer.Ordinal)
        {
            ["batch-start"] = Old.BatchStart, ["resume"] = Old.Resume, ["verify-start"] = Old.VerifyStart, ["verify-resume"] = Old.VerifyResume,
            ["batch-end"] = Old.BatchEnd, ["verify-end"] = Old.VerifyEnd, ["batch-paused"] = Old.BatchPaused, ["batch-stopped"] = Old.BatchStopped,
            ["interrupted"] = Old.Interrupted, ["quota-stop"] = Old.QuotaStop, ["invalid"] = Old.Invalid, ["duplicate"] = Old.Duplicate,
            ["row"] = Old.Row, ["start"] = Old.Start, ["sent"] = Old.Sent, ["answered"] = Old.Answered, ["dry-run"] = Old.DryRun, ["declined"] = Old.Declined, ["not-sent"] = Old.NotSent, ["done"] = Old.Done, ["failed"] = Old.Failed,
            ["in-doubt"] = Old.InDoubt, ["verify-lookup"] = Old.VerifyLookup, ["verified"] = Old.Verified, ["remaining"] = Old.Remaining,
            ["verify-failed"] = Old.VerifyFailed, ["verify-skipped"] = Old.VerifySkipped,
        };

        private static readonly Dictionary<string, RowState> LookupOutcomes = new Dictionary<string, RowState>(StringComparer.Ordinal)
        {
            ["none"] = RowState.NothingFound,
        };

        /// <summary>
        /// The entries as this version reads them. <paramref name="beforeSent"/> is a journal older still (no key fingerprint,
        /// no <c>sent</c>), where an erase's <c>start</c> with no outcome meant it may have been sent.
        /// </summary>
        public static List<JournalEntry> Read(IReadOnlyList<JournalEntry> entries, bool beforeSent)
        {
            var states = new Dictionary<string, RowState>(StringComparer.Ordinal);
            var read = new List<JournalEntry>(entries.Count);
            foreach (var entry in entries)
            {
                // 0.2.0 used some of this version's event names too (start, sent, answered, row): its row entries carry no state.
                var known = entry.Event != JournalEvent.Legacy && !(entry.Event.IsRowEvent() && entry.State == null);
                var translated = known ? entry : Translate(entry, states, beforeSent, read);
                if (translated == null)
                {
                    continue;
                }

                if (translated.Key != null && translated.State is RowState state && translated.Event.IsRowEvent() && state is not (RowState.Invalid or RowState.Duplicate))
                {
                    states[translated.Key] = state;
                }

                read.Add(translated);
            }

            return read;
        }

        private static JournalEntry? Translate(JournalEntry old, Dictionary<string, RowState> states, bool beforeSent, List<JournalEntry> read)
        {
            if (!Names.TryGetValue(old.EventName, out var kind))
            {
                return null;
            }

            var entry = old.Copy();
            var erase = old.Action == RunAction.Erase.Name();
            var current = old.Key != null && states.TryGetValue(old.Key, out var known) ? known : RowState.Pending;
            switch (kind)
            {
                case Old.BatchStart or Old.Resume or Old.VerifyStart or Old.VerifyResume:
                    entry.Event = JournalEvent.RunStart;
                    entry.Resume = kind is Old.Resume or Old.VerifyResume ? true : null;
                    return entry;
                case Old.BatchEnd or Old.VerifyEnd or Old.BatchPaused or Old.BatchStopped or Old.Interrupted:
                    entry.Event = JournalEvent.RunEnd;
                    entry.Stop = (kind switch { Old.Interrupted => StopReason.Interrupted, Old.BatchPaused => StopReason.DailyQuota, Old.BatchStopped => StopReason.Unreachable, _ => StopReason.Finished }).Name();
                    entry.Counts = null; // the old tally's names are not states
                    return entry;
                case Old.QuotaStop:
                    return null; // the run's end that follows says it
                case Old.Invalid or Old.Duplicate:
                    return Row(entry, JournalEvent.Row, kind == Old.Invalid ? RowState.Invalid : RowState.Duplicate);
                case Old.DryRun or Old.Declined:
                    return Row(entry, JournalEvent.Skipped, current);
                case Old.Start when old.Run == null && old.Host != null:
                    // A single erase of 0.2.0 opened its own run on its start entry.
                    var opening = old.Copy();
                    opening.Event = JournalEvent.RunStart;
                    opening.Single = true;
                    opening.Key = opening.Kind = opening.Subject = null;
                    opening.Line = null;
                    read.Add(opening);
                    entry.Host = entry.Environment = entry.Operator = entry.Company = entry.Version = null;
                    return Row(entry, JournalEvent.Start, erase && beforeSent ? RowState.InDoubt : erase ? RowState.NotSent : current);
                case Old.Start:
                    return Row(entry, JournalEvent.Start, !erase ? (old.Action == RunAction.Lookup.Name() ? RowState.NotSent : current) : beforeSent ? RowState.InDoubt : RowState.NotSent);
                case Old.Row:
                    return Row(entry, JournalEvent.Row, current);
                case Old.Sent:
                    entry.Attempt = 1;
                    return Row(entry, JournalEvent.Sent, erase ? RowState.InDoubt : current);
                case Old.Answered:
                    return Row(entry, JournalEvent.Answered, erase ? Answered(old) : current);
                case Old.NotSent:
                    return Row(entry, JournalEvent.Answered, erase || old.Action == RunAction.Lookup.Name() ? RowState.NotSent : current);
                case Old.Done:
                    return Row(entry, JournalEvent.End, erase ? RowState.Accepted : LookupOutcomes.TryGetValue(old.Outcome ?? string.Empty, out var lookup) ? lookup : RowState.Found);
                case Old.Failed:
                    return Row(entry, JournalEvent.End, current == RowState.Accepted ? current : Failed(old, erase));
                case Old.InDoubt:
                    return Row(entry, JournalEvent.End, current == RowState.Accepted ? current : RowState.InDoubt);
                case Old.VerifyLookup:
                    return Row(entry, JournalEvent.Start, current);
                case Old.Verified:
                    return Row(entry, JournalEvent.End, RowState.Verified);
                case Old.Remaining:
                    return Row(entry, JournalEvent.End, RowState.Remaining);
                case Old.VerifyFailed:
                    return Row(entry, JournalEvent.End, current);
                default:
                    return Row(entry, JournalEvent.Skipped, current);
            }
        }

        private static JournalEntry Row(JournalEntry entry, JournalEvent journalEvent, RowState state)
        {
            entry.Event = journalEvent;
            entry.State = state;
            return entry;
        }

        /// <summary>
        /// An old <c>answered</c>: a refusal means Gong did not act; anything else leaves the erase in doubt until the old
        /// <c>done</c> that follows it. An entry older still, without the library's outcome, is taken as in doubt: its status
        /// is not read again here (only the library reads a status).
        /// </summary>
        private static RowState Answered(JournalEntry old) => old.GongOutcome switch
        {
            GongOutcome.Refused or GongOutcome.Retryable => RowState.Refused,
            _ => RowState.InDoubt,
        };

        /// <summary>An old <c>failed</c>: refused for a passing reason (a resume sent it again), refused for good, or a lookup with no usable answer.</summary>
        private static RowState Failed(JournalEntry old, bool erase)
        {
            var resumed = old.Retryable == true;
            if (old.GongOutcome is GongOutcome.Refused or GongOutcome.Retryable && old.Status.HasValue)
            {
                return resumed ? RowState.Refused : RowState.Rejected;
            }

            return erase ? (resumed ? RowState.NotSent : RowState.Rejected) : RowState.Failed;
        }
    }
}
