using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>One row of the evidence: a row of the batch's CSV (or of a single command), masked, with its state.</summary>
    internal sealed class EvidenceRow
    {
        public int? Line { get; init; }

        public string? Kind { get; init; }

        public string? Subject { get; init; }

        public string? Action { get; init; }

        /// <summary>The row's state, as the journal's last entry for it recorded it.</summary>
        public RowState State { get; init; }

        /// <summary>Gong's status when it refused the row, for a person.</summary>
        public int? Status { get; init; }

        /// <summary>The state as every format prints it, such as <c>sent, refused (429)</c>.</summary>
        public string Page => State.Info().Page + (Status is int status ? " (" + status.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);

        /// <summary>Why the row is where it is, in words.</summary>
        public string Reason { get; init; } = "";

        public DateTimeOffset? RequestedAt { get; init; }

        public string? RequestId { get; init; }

        public DateTimeOffset? VerifiedAt { get; init; }

        public string? VerifyRequestId { get; init; }

        public Dictionary<string, int>? Remaining { get; init; }

        /// <summary>The run that last touched the row.</summary>
        public string? Run { get; init; }

        /// <summary>The plan the row was erased under, its flags and who approved them; or no plan.</summary>
        public EvidencePlan Plan { get; init; } = new EvidencePlan(null, Array.Empty<string>(), Array.Empty<EvidenceApproval>(), false);
    }

    /// <summary>
    /// What a journal proves, row by row: every row with the state the journal recorded for it (<see cref="RowHistory"/>,
    /// the same reading a resume makes, so the report and the tool never disagree), its reason in words, and the runs.
    /// Every format renders this one object.
    /// </summary>
    internal sealed class Evidence
    {
        private Evidence(JournalIntegrity integrity, IReadOnlyList<JournalEntry> entries, List<EvidenceRow> rows)
        {
            Integrity = integrity;
            Rows = rows;
            Runs = EvidenceRuns.Read(entries);
            Entries = entries.Count;
            Repaired = entries.Count(e => e.Event == JournalEvent.Repaired);
        }

        /// <summary>What the check of the journal found: its signed digests, what they cover, and what they do not.</summary>
        public JournalIntegrity Integrity { get; }

        public IReadOnlyList<EvidenceRow> Rows { get; }

        public EvidenceRuns Runs { get; }

        /// <summary>Entries read.</summary>
        public int Entries { get; }

        /// <summary>Lines cut short by an interrupted run that a later run found, closed and marked.</summary>
        public int Repaired { get; }

        /// <summary>
        /// The journal, checked (a journal that fails its check is the one error), read into rows: with the public key an
        /// auditor gives, or, without one, the key of the key file beside the journal.
        /// </summary>
        public static Evidence Load(string path, Func<string, string?> environment, System.Security.Cryptography.ECDsa? publicKey = null, string? publicKeySource = null, string? expectHead = null)
        {
            var file = JournalFile.Read(JournalFile.Existing(path), environment, publicKey == null ? JournalReader.KeyHolder : JournalReader.Auditor, publicKey, publicKeySource, expectHead);
            file.Keys?.Dispose();
            if (file.Integrity.Entries == 0 && file.Integrity.Digests.Count == 0)
            {
                // Nothing to report, and nothing vouches for it: no evidence is written.
                throw new Commands.CliException(Commands.ExitCodes.JournalTampered, JournalIntegrity.NoDigest(path) + " No evidence was written.");
            }

            return Of(file.Entries, file.Integrity);
        }

        /// <summary>The evidence of a journal's entries (as read) and what its chain's check found.</summary>
        public static Evidence Of(IReadOnlyList<JournalEntry> entries, JournalIntegrity integrity)
        {
            var history = RowHistory.Read(entries, integrity.CutLastLine != 0);
            var stopped = entries.LastOrDefault(e => e.Event == JournalEvent.RunEnd && e.Action != RunAction.Verify.Name());
            var plans = new EvidencePlans(entries);
            var rows = history.ByKey.Values.Concat(history.LineRows).Select(r => Row(r, stopped, plans)).OrderBy(r => r.Line ?? int.MaxValue).ToList();
            return new Evidence(integrity, entries, rows);
        }

        /// <summary>Rows per state, the states that occur, in the table's order.</summary>
        public IReadOnlyList<(RowState State, int Count)> Totals() =>
            RowStates.All.Select(i => (i.State, Rows.Count(r => r.State == i.State))).Where(t => t.Item2 > 0).ToList();

        /// <summary>What the check of the journal found, in words for the console.</summary>
        public IEnumerable<string> IntegrityLines()
        {
            yield return "Journal " + Integrity.Describe() + ".";
            if (Integrity.DescribeUncovered() is string uncovered)
            {
                yield return uncovered + ".";
            }
        }

        /// <summary>Seconds from request to verification: how many, median and maximum.</summary>
        public (int Count, double? Median, double? Max) TimeToVerification()
        {
            var spans = Rows.Where(r => r.VerifiedAt != null && r.RequestedAt != null).Select(r => (r.VerifiedAt!.Value - r.RequestedAt!.Value).TotalSeconds).OrderBy(s => s).ToList();
            if (spans.Count == 0)
            {
                return (0, null, null);
            }

            var median = spans.Count % 2 == 1 ? spans[spans.Count / 2] : (spans[(spans.Count / 2) - 1] + spans[spans.Count / 2]) / 2;
            return (spans.Count, median, spans[^1]);
        }

        private static EvidenceRow Row(RowRecord record, JournalEntry? stopped, EvidencePlans plans)
        {
            var calls = record.Entries.Where(e => e.Action != RunAction.Verify.Name() && e.Event == JournalEvent.Start).ToList();
            var erase = record.Entries.LastOrDefault(e => e.Event is JournalEvent.End or JournalEvent.Answered && e.Action == RunAction.Erase.Name() && e.RequestId != null && e.State is not (RowState.Verified or RowState.Remaining or RowState.Found or RowState.NothingFound));
            // Verified when the first lookup after the row's last erase found nothing: a watch's later looks (--again-after) do not move it.
            var lastErase = record.Entries.FindLastIndex(e => e.Action == RunAction.Erase.Name() && e.Event is JournalEvent.End or JournalEvent.Answered);
            var verified = record.State is RowState.Verified or RowState.ErasedVerified or RowState.CameBack ? record.Entries.Skip(lastErase + 1).FirstOrDefault(e => e.Event == JournalEvent.End && e.State is RowState.Verified or RowState.ErasedVerified) : null;
            var remaining = record.State is RowState.Remaining or RowState.CameBack ? record.Entries.LastOrDefault(e => e.Event == JournalEvent.End && e.State == record.State) : null;
            var last = record.Entries.LastOrDefault(e => e.Detail != null);
            var refusal = record.State is RowState.Refused or RowState.Rejected or RowState.NeedsSupport ? record.Entries.LastOrDefault(e => e.Status.HasValue) : null;
            return new EvidenceRow
            {
                Line = record.Line,
                Kind = record.Kind,
                Subject = record.Subject,
                // The request is the row's last action before any verify (an erase under a plan, not the plan's lookup).
                Action = record.Entries.LastOrDefault(e => e.Action != null && e.Action != RunAction.Verify.Name())?.Action ?? record.Entries[0].Action,
                State = record.State,
                Status = refusal?.Status,
                RequestedAt = record.State is RowState.Invalid or RowState.Duplicate ? null : calls.LastOrDefault()?.Timestamp,
                RequestId = record.State is RowState.Found or RowState.NothingFound ? record.Entries.LastOrDefault(e => e.Event == JournalEvent.End)?.RequestId
                    : record.State == RowState.NothingHeld ? record.Entries.LastOrDefault(e => e.RequestId != null && e.Event is JournalEvent.End or JournalEvent.Skipped)?.RequestId
                    : erase?.RequestId ?? refusal?.RequestId,
                VerifiedAt = verified?.Timestamp,
                VerifyRequestId = verified?.RequestId ?? remaining?.RequestId,
                Remaining = remaining?.Counts?.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value),
                Run = record.Entries[^1].Run,
                Reason = EvidenceReasons.For(record, erase?.RequestId, record.State == RowState.CameBack ? remaining : verified ?? remaining, last, stopped),
                Plan = plans.For(record),
            };
        }
    }
}
