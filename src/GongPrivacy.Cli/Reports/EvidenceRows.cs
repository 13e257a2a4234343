using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>One row of the evidence report: a row of the batch's CSV (or a single erase), masked.</summary>
    internal sealed class EvidenceRow
    {
        public int? Line { get; set; }

        public string? Kind { get; set; }

        public string? Subject { get; set; }

        public string? Action { get; set; }

        public DateTimeOffset? RequestedAt { get; set; }

        public string? RequestId { get; set; }

        /// <summary>The final state's kind (one of <see cref="EvidenceReport.States"/>): the totals count these.</summary>
        public string FinalState { get; set; } = "";

        /// <summary>The final state as every format prints it, such as <c>sent, refused (429)</c>.</summary>
        public string State { get; set; } = "";

        /// <summary>Gong's status when it refused the row.</summary>
        public int? Status { get; set; }

        /// <summary>Why the row is where it is, in words.</summary>
        public string Reason { get; set; } = "";

        /// <summary>What the row's call came to, for the page's request column: the state, in the same words.</summary>
        public string Outcome => State;

        /// <summary>The run that last touched the row, and where it sent its calls.</summary>
        public string? Run { get; set; }

        public DateTimeOffset? VerifiedAt { get; set; }

        public string? VerifyRequestId { get; set; }

        public Dictionary<string, int>? Remaining { get; set; }
    }

    /// <summary>One run of the tool on the journal: what the report says about where its calls went.</summary>
    internal sealed record EvidenceRun(string? Id, string Event, string? Action, DateTimeOffset At, string? Target, bool? Sandbox, string? Version);

    /// <summary>
    /// What a journal proves, row by row: the one reading of a journal into final states and reasons, shared by every
    /// format. Each row's state comes from the same replay a resume makes (<see cref="RowStatus"/>), so the report and
    /// the tool never disagree; "sent, refused (429)" stays apart from "not sent", and rows the batch never reached are listed.
    /// </summary>
    internal sealed class EvidenceRows
    {
        private EvidenceRows(List<EvidenceRow> rows, List<EvidenceRun> runs, DateTimeOffset? from, DateTimeOffset? to, int? csvRows)
        {
            Rows = rows;
            Runs = runs;
            From = from;
            To = to;
            CsvRows = csvRows;
        }

        public List<EvidenceRow> Rows { get; }

        public List<EvidenceRun> Runs { get; }

        public DateTimeOffset? From { get; }

        public DateTimeOffset? To { get; }

        /// <summary>The rows the batch's CSV held, as its first <c>batch-start</c> counted them.</summary>
        public int? CsvRows { get; }

        public bool AnySandbox => Runs.Any(r => r.Sandbox == true);

        public static EvidenceRows Read(IReadOnlyList<JournalEntry> entries)
        {
            var legacy = entries.Count > 0 && !entries.Any(e => e.KeyId != null);
            var batchEntries = entries.Where(e => e.Action != VerifyEvents.Action && e.Event is not (JournalEvents.Duplicate or JournalEvents.DryRun or JournalEvents.Declined)).ToList();
            var states = RowStatus.ReplayAll(batchEntries, legacy, erase: true);
            var rows = new Dictionary<string, EvidenceRow>(StringComparer.Ordinal);
            var history = new Dictionary<string, List<JournalEntry>>(StringComparer.Ordinal);
            var order = new List<EvidenceRow>();
            var byLine = new HashSet<int>();
            string? stopped = null;
            foreach (var e in entries)
            {
                if (e.Event is JournalEvents.BatchStart or JournalEvents.Resume)
                {
                    stopped = null;
                }
                else if (e.Event is JournalEvents.Interrupted or JournalEvents.BatchPaused or JournalEvents.BatchStopped && e.Action != VerifyEvents.Action)
                {
                    stopped = e.Detail;
                }

                if ((e.Event == JournalEvents.Invalid || e.Event == JournalEvents.Duplicate) && e.Line is int line)
                {
                    if (byLine.Add(line))
                    {
                        order.Add(new EvidenceRow
                        {
                            Line = line, Kind = e.Kind, Subject = e.Subject, Action = e.Action, Run = e.Run, // nothing was requested for it
                            FinalState = e.Event == JournalEvents.Invalid ? "invalid" : "duplicate",
                            State = e.Event == JournalEvents.Invalid ? "invalid" : "duplicate",
                            Reason = e.Event == JournalEvents.Invalid ? "not a subject: " + (e.Detail ?? "unreadable") : (e.Detail ?? "the same subject as an earlier row") + "; not sent",
                        });
                    }

                    continue;
                }

                if (e.Key == null || e.Event is JournalEvents.Duplicate or JournalEvents.DryRun or JournalEvents.Declined)
                {
                    continue;
                }

                if (!rows.TryGetValue(e.Key, out var row))
                {
                    row = new EvidenceRow();
                    rows[e.Key] = row;
                    history[e.Key] = new List<JournalEntry>();
                    order.Add(row);
                }

                row.Line ??= e.Line;
                row.Kind ??= e.Kind;
                row.Subject ??= e.Subject;
                row.Run = e.Run ?? row.Run;
                history[e.Key].Add(e);
                if (e.Action != VerifyEvents.Action)
                {
                    row.Action = e.Action ?? row.Action;
                    if (e.Event == JournalEvents.Start)
                    {
                        row.RequestedAt = e.Timestamp;
                    }

                    if (e.Event is JournalEvents.Done or JournalEvents.Answered or JournalEvents.Failed or JournalEvents.InDoubt && e.RequestId != null)
                    {
                        row.RequestId = e.RequestId;
                    }
                }
                else if (e.Event == VerifyEvents.Verified)
                {
                    row.VerifiedAt = e.Timestamp;
                    row.VerifyRequestId = e.RequestId;
                    row.Remaining = null;
                }
                else if (e.Event == VerifyEvents.Remaining && row.VerifiedAt == null)
                {
                    row.Remaining = e.Counts;
                    row.VerifyRequestId = e.RequestId;
                }
            }

            foreach (var pair in rows)
            {
                Decide(pair.Value, states.TryGetValue(pair.Key, out var s) ? s.State : RowState.Pending, history[pair.Key], stopped);
            }

            var runs = entries.Where(e => e.Event is JournalEvents.BatchStart or JournalEvents.Resume or VerifyEvents.BatchStart or VerifyEvents.Resume || (e.Event == JournalEvents.Start && e.Run == null && e.Host != null))
                .Select(e => new EvidenceRun(e.Run, e.Event, e.Action, e.Timestamp, e.Host, e.Environment == null ? null : e.Environment == "sandbox", e.Version)).ToList();
            var csvRows = entries.FirstOrDefault(e => e.Event == JournalEvents.BatchStart)?.Counts?.GetValueOrDefault("rows");
            return new EvidenceRows(
                order.OrderBy(r => r.Line ?? int.MaxValue).ToList(),
                runs,
                entries.Count == 0 ? null : entries.Min(e => e.Timestamp),
                entries.Count == 0 ? null : entries.Max(e => e.Timestamp),
                csvRows);
        }

        /// <summary>The final state and its reason: the one place the report decides them.</summary>
        private static void Decide(EvidenceRow row, RowState state, List<JournalEntry> history, string? stopped)
        {
            var erase = row.Action == "erase";
            var batch = history.Where(e => e.Action != VerifyEvents.Action).ToList();
            var lastAnswer = batch.LastOrDefault(e => e.Event == JournalEvents.Answered);
            var last = batch.LastOrDefault(e => e.Event is JournalEvents.NotSent or JournalEvents.Failed or JournalEvents.InDoubt or JournalEvents.Done);
            var verify = history.LastOrDefault(e => e.Action == VerifyEvents.Action && e.Event is VerifyEvents.Failed or VerifyEvents.Skipped);
            var id = row.RequestId == null ? string.Empty : " (request id " + row.RequestId + ")";
            if (row.VerifiedAt != null)
            {
                Set(row, "verified", "accepted" + id + "; verified: nothing remains (request id " + (row.VerifyRequestId ?? "none") + ")");
                return;
            }

            if (row.Remaining != null)
            {
                Set(row, "remaining", "accepted" + id + "; references remain: " + string.Join(", ", row.Remaining.Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key)));
                return;
            }

            switch (state)
            {
                case RowState.Done when erase:
                    Set(row, "not verified", "accepted by Gong" + id + "; not verified yet" + (verify?.Detail == null ? string.Empty : " (" + verify.Detail + ")"));
                    return;
                case RowState.Done:
                    var counts = last?.Counts == null ? string.Empty : ": " + string.Join(", ", last.Counts.Where(c => c.Value > 0).Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));
                    Set(row, "looked up", (last?.Outcome == "none" ? "nothing found" : "found" + counts) + id);
                    return;
                case RowState.InDoubt:
                    Set(row, "in doubt", "sent; Gong may have accepted it: " + (last?.Event == JournalEvents.InDoubt && last.Detail != null ? last.Detail : "no answer was recorded") );
                    return;
                case RowState.Failed:
                    var status = last?.Status ?? 0;
                    var outcome = last?.GongOutcome ?? (status == 0 ? GongOutcome.MayHaveReachedGong : RowStatus.LegacyOutcome(status));
                    var retry = last?.Retryable == true ? "; a resume sends it again" : "; not sent again";
                    if (status != 0 && outcome is GongOutcome.Refused or GongOutcome.Retryable)
                    {
                        Set(row, "sent, refused", (last?.Detail ?? "Gong refused it") + retry, status);
                    }
                    else
                    {
                        Set(row, "failed", (last?.Detail ?? "no usable answer") + retry);
                    }

                    return;
                case RowState.NotSent when lastAnswer?.Status is int refusedWith:
                    Set(row, "sent, refused", "sent; Gong answered " + refusedWith.ToString(CultureInfo.InvariantCulture) + (lastAnswer.RequestId == null ? string.Empty : " (request id " + lastAnswer.RequestId + ")") + ", so it did not act on it; " + (last?.Detail ?? "the run stopped before sending it again") + "; a resume sends it again", refusedWith);
                    return;
                case RowState.NotSent:
                    Set(row, "not sent", (last?.Detail ?? "the run stopped before the request was sent") + "; a resume sends it");
                    return;
                default:
                    Set(row, "not attempted", stopped == null ? "the batch has not reached this row yet; a resume sends it" : "the batch stopped (" + stopped + ") before this row; a resume sends it");
                    return;
            }
        }

        private static void Set(EvidenceRow row, string state, string reason, int? status = null)
        {
            row.FinalState = state;
            row.Status = status;
            row.State = status == null ? state : state + " (" + status.Value.ToString(CultureInfo.InvariantCulture) + ")";
            row.Reason = reason;
        }
    }
}
