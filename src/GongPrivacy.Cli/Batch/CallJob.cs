using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// <c>batch lookup</c> and <c>batch erase</c>: one call per subject of the CSV. Each row's state lives in a
    /// <see cref="RowStatus"/>, replayed from the journal on resume, so a run killed at any moment resumes without losing
    /// a row, without sending an accepted erasure twice, and without counting an erasure in doubt as done.
    /// </summary>
    internal sealed class CallJob : BatchJob
    {
        private readonly BatchAction _action;
        private int _earlier;
        private int _earlierInDoubt;

        public CallJob(BatchAction action) => _action = action;

        public override string JournalAction => _action.Name();

        public override string StartEvent => JournalEvents.BatchStart;

        public override string ResumeEvent => JournalEvents.Resume;

        public override string EndEvent => JournalEvents.BatchEnd;

        private bool IsErase => _action == BatchAction.Erase;

        public override void Check(BatchEngine engine, List<BatchRow> rows, string fingerprint)
        {
            var started = engine.Journal.Existing.Where(e => e.Event == JournalEvents.BatchStart).ToList();
            if (started.Count > 0 && !engine.Request.Resume)
            {
                throw new CliException(ExitCodes.Journal, "The journal already holds a batch started " + started[0].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "; add --resume to continue it, or give a new journal. Nothing was sent.");
            }

            if (engine.Request.Resume && started.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no batch. Run without --resume to start one.");
            }

            if (engine.Request.Resume && (started[0].Source != fingerprint || started[0].Action != JournalAction))
            {
                throw new CliException(ExitCodes.Journal, "The journal's batch was started with another CSV file or action (" + started[0].Action + "); resume it with the same file and subcommand. Nothing was sent.");
            }
        }

        public override void Open(BatchEngine engine, JournalEntry start, List<BatchRow> rows)
        {
            var valid = rows.Count(r => r.Subject != null);
            start.Counts = new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid };
        }

        public override List<WorkItem> Plan(BatchEngine engine, List<BatchRow> rows)
        {
            var journal = engine.Journal;
            var existing = journal.Existing;
            var states = RowStatus.ReplayAll(existing.Where(e => e.Action != VerifyEvents.Action), journal.Legacy, IsErase);
            MarkCutLineInDoubt(engine, states);
            var reportedLines = new HashSet<int>(existing.Where(e => e.Line.HasValue && (e.Event == JournalEvents.Invalid || e.Event == JournalEvents.Duplicate)).Select(e => e.Line!.Value));
            var recordedRows = new HashSet<string>(existing.Where(e => e.Event == JournalEvents.Row && e.Key != null).Select(e => e.Key!), StringComparer.Ordinal);
            var lastEvent = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in existing.Where(e => e.Key != null && e.Event != JournalEvents.Duplicate && e.Event != JournalEvents.Row && e.Action != VerifyEvents.Action))
            {
                lastEvent[entry.Key!] = entry.Event;
            }

            var call = new RowCall(journal, engine.Connection, engine.Environment.Interruption, engine.Environment.Time, engine.Run, _action);
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            var record = new List<JournalEntry>();
            var work = new List<WorkItem>();
            foreach (var row in rows)
            {
                if (row.Subject == null)
                {
                    engine.Tally.Add(RowResult.Invalid);
                    if (reportedLines.Add(row.Line))
                    {
                        var invalid = engine.Entry(JournalEvents.Invalid);
                        invalid.Line = row.Line;
                        invalid.Detail = row.Problem;
                        record.Add(invalid);
                    }

                    engine.Console.MarkupLine($"line {row.Line}: [yellow]invalid[/]: {Markup.Escape(row.Problem!)}");
                    continue;
                }

                var subject = row.Subject;
                var key = journal.KeyOf(subject);
                if (firstLine.TryGetValue(key, out var first))
                {
                    engine.Tally.Add(RowResult.Duplicate);
                    if (reportedLines.Add(row.Line))
                    {
                        var duplicate = RowEntry(engine, JournalEvents.Duplicate, row, key);
                        duplicate.Detail = "the same subject as line " + first.ToString(CultureInfo.InvariantCulture);
                        record.Add(duplicate);
                    }

                    engine.Console.MarkupLine($"line {row.Line}: duplicate of line {first}; skipped");
                    continue;
                }

                firstLine[key] = row.Line;
                if (recordedRows.Add(key))
                {
                    // Every row goes into the journal before any call, so the evidence lists it even if it is never attempted.
                    record.Add(RowEntry(engine, JournalEvents.Row, row, key));
                }

                if (!states.TryGetValue(key, out var state))
                {
                    state = new RowStatus();
                    states[key] = state;
                }

                var label = $"line {row.Line}: {_action.Name()} {subject.KindName} {subject.Masked}";
                if (state.ShouldSend(engine.Request.ResendInDoubt))
                {
                    var line = row.Line;
                    work.Add(new WorkItem(line, label, () => call.RunAsync(state, subject, key, line, engine.Request.ResendInDoubt)));
                    continue;
                }

                switch (state.State)
                {
                    case RowState.Done:
                        engine.Tally.Add(RowResult.Earlier);
                        _earlier++;
                        break;
                    case RowState.InDoubt:
                        if (lastEvent.GetValueOrDefault(key) != JournalEvents.InDoubt)
                        {
                            // An earlier run died after the erase went on the wire: say so in the journal, once.
                            var inDoubt = RowEntry(engine, JournalEvents.InDoubt, row, key);
                            inDoubt.Detail = "an earlier run stopped after the erase was sent and before Gong's answer was recorded; Gong may have accepted it. Not sent again: verify it later, or resume with --resend-in-doubt.";
                            record.Add(inDoubt);
                        }

                        engine.Tally.Add(RowResult.InDoubt);
                        engine.InDoubtLines.Add(row.Line.ToString(CultureInfo.InvariantCulture));
                        _earlierInDoubt++;
                        engine.Console.MarkupLine($"line {row.Line}: {subject.KindName} {Markup.Escape(subject.Masked)}: [yellow]in doubt[/] from an earlier run (Gong may have accepted it); not sent again");
                        break;
                    default:
                        engine.Tally.Add(RowResult.Refused);
                        engine.Console.MarkupLine($"line {row.Line}: {subject.KindName} {Markup.Escape(subject.Masked)}: [red]sent, refused[/] in an earlier run; not sent again");
                        break;
                }
            }

            journal.AppendAll(record);
            return work;
        }

        public override string Introduction(BatchEngine engine, int work) =>
            _action.Name() + " of " + BatchEngine.Plural(work, "subject") + " against " + engine.Connection.Target + ", up to " + engine.Request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight; "
            + _earlier.ToString(CultureInfo.InvariantCulture) + " done by earlier runs; " + _earlierInDoubt.ToString(CultureInfo.InvariantCulture) + " in doubt from earlier runs.";

        public override void Remarks(BatchEngine engine)
        {
            var lines = engine.InDoubtLines;
            if (lines.Count > 0)
            {
                engine.Console.MarkupLine($"[yellow]{(lines.Count == 1 ? "1 erasure is" : lines.Count + " erasures are")} in doubt[/] ({BatchEngine.Lines(lines)}): Gong may or may not have accepted {(lines.Count == 1 ? "it" : "them")}, and {(lines.Count == 1 ? "it is" : "they are")} not counted as done. Check with 'gong-privacy verify' after Gong's erasure delay, or send again with --resume --resend-in-doubt (Gong's erase is idempotent).");
            }
        }

        public override int ExitCode(BatchEngine engine) =>
            engine.Tally.Any(RowResult.Invalid, RowResult.Refused, RowResult.Failed, RowResult.InDoubt, RowResult.NotSent, RowResult.NotAttempted) ? ExitCodes.BatchIncomplete : ExitCodes.Ok;

        private JournalEntry RowEntry(BatchEngine engine, string journalEvent, BatchRow row, string key)
        {
            var entry = engine.Entry(journalEvent);
            entry.Line = row.Line;
            entry.Kind = row.Subject!.KindName;
            entry.Subject = row.Subject.Masked;
            entry.Key = key;
            return entry;
        }

        /// <summary>
        /// A last line cut short was being written when a run died. Every erase row whose last entry is its <c>start</c>
        /// may have had its <c>sent</c> on that line (with calls in flight, any of them): those rows are taken as in doubt.
        /// </summary>
        private void MarkCutLineInDoubt(BatchEngine engine, Dictionary<string, RowStatus> states)
        {
            if (!engine.Journal.LastLineCut || !IsErase)
            {
                return;
            }

            var last = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in engine.Journal.Existing.Where(e => e.Key != null && e.Event != JournalEvents.Duplicate && e.Event != JournalEvents.Row && e.Action != VerifyEvents.Action))
            {
                last[entry.Key!] = entry.Event;
            }

            foreach (var pair in last.Where(p => p.Value == JournalEvents.Start))
            {
                if (states.TryGetValue(pair.Key, out var row) && row.State == RowState.NotSent)
                {
                    row.Sent();
                }
            }
        }
    }
}
