using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// <c>batch verify</c>: looks up again every subject an erase batch erased at least <c>--after</c> ago, and records
    /// each outcome in the same journal. Subjects come from the batch's CSV, matched to the journal by keyed hash. A
    /// verified subject is never looked up again; <c>--resume</c> continues an interrupted verify run without looking up
    /// again a subject that already has an outcome in it.
    /// </summary>
    internal sealed class VerifyJob : BatchJob
    {
        /// <summary>
        /// The default <c>--after</c> against Gong: its documentation says erasure "may take several hours", so a day
        /// leaves a margin. Against the embedded sandbox the default is the sandbox's erasure delay.
        /// </summary>
        public static readonly TimeSpan GongErasureDelay = TimeSpan.FromHours(24);

        private readonly TimeSpan _delay;
        private readonly List<string> _remaining = new List<string>();
        private Dictionary<string, RowStatus> _erase = new Dictionary<string, RowStatus>(StringComparer.Ordinal);
        private JournalEntry? _eraseStart;
        private int _known;
        private int _verifiedEarlier;

        public VerifyJob(CliEnvironment environment, BatchRequest request)
        {
            _delay = SandboxSettings.Duration(request.After, "--after")
                ?? (request.Sandbox ? SandboxSettings.ErasureDelay(environment) : GongErasureDelay);
        }

        public override string JournalAction => VerifyEvents.Action;

        public override string StartEvent => VerifyEvents.BatchStart;

        public override string ResumeEvent => VerifyEvents.Resume;

        public override string EndEvent => VerifyEvents.End;

        public override string OutcomeHeading => "verify outcome";

        public override string CountHeading => "subjects";

        public override (List<BatchRow> Rows, string Fingerprint) ReadCsv(CliEnvironment environment, BatchRequest request)
        {
            var csv = environment.Resolve(request.CsvPath);
            RequireFile(csv, "The erase batch's CSV " + csv + " does not exist. Verification looks each subject up again, and the journal holds only masked subjects and keyed hashes: restore the CSV the erase batch ran with (it is matched to the journal by hash). Nothing was sent.");
            return base.ReadCsv(environment, request);
        }

        public override void Check(BatchEngine engine, List<BatchRow> rows, string fingerprint)
        {
            var existing = engine.Journal.Existing;
            _eraseStart = existing.FirstOrDefault(e => e.Event == JournalEvents.BatchStart && e.Action == "erase")
                ?? throw new CliException(ExitCodes.Journal, "The journal " + engine.Journal.Path + " holds no erase batch; give the journal of a 'batch erase' run. Nothing was sent.");
            if (engine.Request.Resume && !existing.Any(e => e.Event == VerifyEvents.BatchStart))
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no verify run. Run without --resume to start one. Nothing was sent.");
            }

            _erase = RowStatus.ReplayAll(existing.Where(e => e.Key != null && e.Action == "erase" && e.Event != JournalEvents.Row && e.Event != JournalEvents.Duplicate), engine.Journal.Legacy, erase: true);
            var keys = new HashSet<string>(rows.Where(r => r.Subject != null).Select(r => engine.Journal.KeyOf(r.Subject!)), StringComparer.Ordinal);
            _known = _erase.Keys.Count(keys.Contains);
            if (_erase.Count > 0 && _known == 0)
            {
                throw new CliException(ExitCodes.Journal, "The CSV " + engine.Request.CsvPath + " holds none of the subjects of the journal's erase batch (matched by keyed hash): it is another batch's file. Give the CSV the erase batch ran with. Nothing was sent.");
            }
        }

        public override void Open(BatchEngine engine, JournalEntry start, List<BatchRow> rows)
        {
            start.Detail = "verifying erasures accepted at least " + Describe(_delay) + " ago";
            if (_eraseStart!.Source != start.Source)
            {
                engine.Console.MarkupLine($"[yellow]The CSV is not the file the erase batch ran with[/] (its hash differs); subjects are matched by keyed hash, and those of the journal it lacks are skipped ({_erase.Count - _known} of {_erase.Count}).");
            }
        }

        public override List<WorkItem> Plan(BatchEngine engine, List<BatchRow> rows)
        {
            var existing = engine.Journal.Existing;
            var passStart = existing.Select((e, i) => (e, i)).LastOrDefault(p => p.e.Event == VerifyEvents.BatchStart).i;
            var erasedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var masked = new Dictionary<string, (int? Line, string? Kind, string? Subject)>(StringComparer.Ordinal);
            foreach (var entry in existing.Where(e => e.Key != null && e.Action == "erase" && e.Event != JournalEvents.Duplicate))
            {
                masked[entry.Key!] = (masked.TryGetValue(entry.Key!, out var m) ? m.Line ?? entry.Line : entry.Line, entry.Kind, entry.Subject);
                if (entry.Event == JournalEvents.Done || entry.Event == JournalEvents.Sent)
                {
                    erasedAt[entry.Key!] = entry.Timestamp;
                }
            }

            // What earlier verify runs recorded: verified is final; with --resume, any outcome of the interrupted run counts.
            var verified = new HashSet<string>(StringComparer.Ordinal);
            var thisPass = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < existing.Count; i++)
            {
                var e = existing[i];
                if (e.Key == null || e.Action != VerifyEvents.Action)
                {
                    continue;
                }

                if (e.Event == VerifyEvents.Verified)
                {
                    verified.Add(e.Key);
                }

                // A lookup Gong refused for a passing reason (429, 5xx, credentials, connection) is tried again by --resume.
                if (i > passStart && (e.Event is VerifyEvents.Verified or VerifyEvents.Remaining || (e.Event == VerifyEvents.Failed && e.Retryable != true)))
                {
                    thisPass[e.Key] = e.Event;
                }
            }

            var subjects = new Dictionary<string, BatchRow>(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => r.Subject != null))
            {
                subjects.TryAdd(engine.Journal.KeyOf(row.Subject!), row);
            }

            var record = new List<JournalEntry>();
            var work = new List<WorkItem>();
            foreach (var key in _erase.Keys.OrderBy(k => masked[k].Line ?? int.MaxValue))
            {
                var (line, kind, subjectMasked) = masked[key];
                var lineText = line?.ToString(CultureInfo.InvariantCulture) ?? "?";
                var label = $"line {lineText}: verify {kind} {subjectMasked ?? "?"}";
                if (verified.Contains(key))
                {
                    engine.Tally.Add(RowResult.Verified);
                    _verifiedEarlier++;
                    continue;
                }

                if (engine.Request.Resume && thisPass.TryGetValue(key, out var earlier))
                {
                    // Looked up by the run being resumed: its outcome stands, and the subject is not looked up again.
                    engine.Tally.Add(earlier == VerifyEvents.Remaining ? RowResult.Remaining : earlier == VerifyEvents.Verified ? RowResult.Verified : RowResult.Failed);
                    if (earlier == VerifyEvents.Remaining)
                    {
                        _remaining.Add(lineText);
                    }

                    continue;
                }

                var state = _erase[key].State;
                RowResult? skip = null;
                string? why = null;
                if (state == RowState.InDoubt)
                {
                    (skip, why) = (RowResult.InDoubt, "the erase is in doubt (Gong may not have received it); resume the erase batch with --resume --resend-in-doubt, then verify again after the delay");
                    engine.InDoubtLines.Add(lineText);
                    engine.Console.MarkupLine($"{Markup.Escape(label)}: [yellow]in doubt[/]: not looked up");
                }
                else if (state != RowState.Done)
                {
                    (skip, why) = (RowResult.NotErased, "Gong did not accept an erase for this subject; resume the erase batch first");
                    engine.Console.MarkupLine($"{Markup.Escape(label)}: not erased by the batch; not looked up");
                }
                else if (!subjects.ContainsKey(key))
                {
                    (skip, why) = (RowResult.NotInCsv, "the subject is not in the CSV given, so it cannot be looked up");
                    engine.Console.MarkupLine($"{Markup.Escape(label)}: not in the CSV given; not looked up");
                }
                else
                {
                    var due = erasedAt.GetValueOrDefault(key, engine.Now) + _delay;
                    if (due > engine.Environment.Time.GetUtcNow())
                    {
                        (skip, why) = (RowResult.NotDue, "erased less than " + Describe(_delay) + " ago; due after " + due.ToString("u", CultureInfo.InvariantCulture));
                        engine.Console.MarkupLine($"{Markup.Escape(label)}: not yet due (after {due:u})");
                    }
                }

                if (skip is RowResult result)
                {
                    var entry = Entry(engine, VerifyEvents.Skipped, key, line, kind, subjectMasked);
                    entry.Outcome = Tally.Name(result);
                    entry.Detail = why;
                    record.Add(entry);
                    engine.Tally.Add(result);
                    continue;
                }

                var row = subjects[key];
                work.Add(new WorkItem(row.Line, label, () => LookUpAsync(engine, row, key)));
            }

            engine.Journal.AppendAll(record);
            return work;
        }

        public override string Introduction(BatchEngine engine, int work) =>
            "verify of " + BatchEngine.Plural(_erase.Count, "subject") + " of the erase batch against " + engine.Connection.Target + ", erased at least " + Describe(_delay) + " ago; "
            + _verifiedEarlier.ToString(CultureInfo.InvariantCulture) + " verified by earlier runs; " + work.ToString(CultureInfo.InvariantCulture) + " to look up, up to " + engine.Request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight.";

        public override void Remarks(BatchEngine engine)
        {
            if (_remaining.Count > 0)
            {
                engine.Console.MarkupLine($"[yellow]References remain for {BatchEngine.Plural(_remaining.Count, "subject")}[/] ({BatchEngine.Lines(_remaining)}). Gong may still be erasing, may have refused an abnormally large deletion, or re-imported them from a CRM that still holds them: remove them there, erase again, and verify later.");
            }

            var inDoubt = engine.InDoubtLines;
            if (inDoubt.Count > 0)
            {
                engine.Console.MarkupLine($"[yellow]{(inDoubt.Count == 1 ? "1 erasure is" : inDoubt.Count + " erasures are")} in doubt[/] ({BatchEngine.Lines(inDoubt)}) and {(inDoubt.Count == 1 ? "was" : "were")} not looked up. Resolve {(inDoubt.Count == 1 ? "it" : "them")} with 'gong-privacy batch erase {Markup.Escape(engine.Request.CsvPath)} --journal {Markup.Escape(engine.Request.JournalPath)} --resume --resend-in-doubt' (Gong's erase is idempotent), then verify again after the delay.");
            }

            var notDue = engine.Tally[RowResult.NotDue];
            if (notDue > 0)
            {
                engine.Console.MarkupLine($"{BatchEngine.Plural(notDue, "subject")} {(notDue == 1 ? "was" : "were")} erased too recently; run the same command again later.");
            }
        }

        public override int ExitCode(BatchEngine engine)
        {
            if (engine.Tally[RowResult.Remaining] > 0)
            {
                return ExitCodes.ReferencesRemain;
            }

            return engine.Tally.Total > engine.Tally[RowResult.Verified] ? ExitCodes.NotAllVerified : ExitCodes.Ok;
        }

        /// <summary>Looks one subject up and records the outcome.</summary>
        private async Task<RowDone> LookUpAsync(BatchEngine engine, BatchRow row, string key)
        {
            var subject = row.Subject!;
            var journal = engine.Journal;
            journal.Append(Entry(engine, VerifyEvents.Lookup, key, row.Line, subject.KindName, subject.Masked));
            ISubjectReferences data;
            try
            {
                data = await RowCall.LookUpAsync(engine.Connection.Client, subject, engine.Environment.Interruption.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (engine.Environment.Interruption.Requested)
            {
                return new RowDone(RowResult.NotSent, RowState.NotSent, null, null, "interrupted before the answer came", Interrupted: true);
            }
            catch (GongApiException ex)
            {
                var failed = Entry(engine, VerifyEvents.Failed, key, row.Line, subject.KindName, subject.Masked);
                var noToken = ex is GongCredentialException;
                failed.Status = noToken ? null : ex.StatusCode;
                failed.RequestId = ex.RequestId;
                failed.GongOutcome = ex.Outcome;
                failed.Detail = noToken ? "not looked up: no token could be had (" + ((GongCredentialException)ex).Reason + ")" : ex.StatusCode == 0 ? "Gong could not be reached: " + ex.Failure : ex.Message;
                failed.Retryable = noToken || RowStatus.IsRetryable(ex.Outcome, ex.StatusCode);
                journal.Append(failed);
                var refused = ex.StatusCode != 0 && ex.Outcome is GongOutcome.Refused or GongOutcome.Retryable;
                return new RowDone(noToken ? RowResult.NotSent : refused ? RowResult.Refused : RowResult.Failed, RowState.Failed, ex.RequestId, ex, failed.Detail, false);
            }

            if (data.IsEmpty)
            {
                var entry = Entry(engine, VerifyEvents.Verified, key, row.Line, subject.KindName, subject.Masked);
                entry.RequestId = data.RequestId;
                journal.Append(entry);
                return new RowDone(RowResult.Verified, RowState.Done, data.RequestId, null, null, false);
            }

            var remaining = Entry(engine, VerifyEvents.Remaining, key, row.Line, subject.KindName, subject.Masked);
            remaining.RequestId = data.RequestId;
            remaining.Counts = Report.CountMap(data).Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value);
            journal.Append(remaining);
            lock (_remaining)
            {
                _remaining.Add(row.Line.ToString(CultureInfo.InvariantCulture));
            }

            return new RowDone(RowResult.Remaining, RowState.Done, data.RequestId, null, null, false, remaining.Counts);
        }

        private static JournalEntry Entry(BatchEngine engine, string journalEvent, string key, int? line, string? kind, string? subject)
        {
            var entry = engine.Entry(journalEvent);
            entry.Line = line;
            entry.Kind = kind;
            entry.Subject = subject;
            entry.Key = key;
            return entry;
        }

        private static string Describe(TimeSpan delay) =>
            delay.TotalHours >= 1 && delay.TotalHours == Math.Floor(delay.TotalHours) ? delay.TotalHours.ToString(CultureInfo.InvariantCulture) + " h"
            : delay.TotalSeconds >= 1 ? delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
    }
}
