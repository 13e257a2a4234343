using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>
    /// <c>batch erase</c> and <c>batch lookup</c>: one call per subject of the CSV. Each row's state comes from the journal
    /// (<see cref="RowHistory"/>), so a run killed at any moment resumes without losing a row, without sending an accepted
    /// erasure twice, and without counting an erasure in doubt as done.
    /// </summary>
    internal sealed class CallJob : IBatchJob
    {
        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;

        public CallJob(CliEnvironment environment, BatchRequest request)
        {
            _environment = environment;
            _request = request;
        }

        public RunAction Action => _request.Action;

        private bool IsErase => Action == RunAction.Erase;

        public (List<BatchRow> Rows, string Fingerprint) ReadCsv() => BatchFile.Read(_environment.Resolve(_request.CsvPath), _request.Delimiter);

        public void Check(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint)
        {
            var started = journal.Existing.Where(e => e.Event == JournalEvent.RunStart && e.Single != true && RunActions.Parse(e.Action) is RunAction.Erase or RunAction.Lookup).ToList();
            if (started.Count > 0 && !_request.Resume)
            {
                throw new CliException(ExitCodes.Journal, "The journal already holds a batch started " + started[0].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "; add --resume to continue it, or give a new journal. Nothing was sent.");
            }

            if (_request.Resume && started.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no batch. Run without --resume to start one.");
            }

            if (_request.Resume && (started[0].Source != fingerprint || started[0].Action != Action.Name()))
            {
                throw new CliException(ExitCodes.Journal, "The journal's batch was started with another CSV file or action (" + started[0].Action + "); resume it with the same file and subcommand. Nothing was sent.");
            }
        }

        public RunOpening Opening(List<BatchRow> rows, string fingerprint)
        {
            var valid = rows.Count(r => r.Subject != null);
            return new RunOpening(false, _request.Resume, fingerprint, _request.MaxInFlight, new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid });
        }

        public BatchPlan Plan(Run run, RowHistory history, List<BatchRow> rows)
        {
            var plan = new BatchPlan();
            var listedLines = new HashSet<int>(history.LineRows.Select(r => r.Line ?? 0));
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            var record = new List<JournalEntry>();
            foreach (var row in rows)
            {
                if (row.Subject == null)
                {
                    plan.States["line:" + row.Line.ToString(CultureInfo.InvariantCulture)] = RowState.Invalid;
                    if (listedLines.Add(row.Line))
                    {
                        var invalid = run.Entry(JournalEvent.Row);
                        invalid.Line = row.Line;
                        invalid.State = RowState.Invalid;
                        invalid.Detail = row.Problem;
                        record.Add(invalid);
                    }

                    plan.Notes.Add("line " + row.Line.ToString(CultureInfo.InvariantCulture) + ": invalid: " + row.Problem);
                    continue;
                }

                var item = new RowRef(row.Line, row.Subject, run.Journal.KeyOf(row.Subject));
                if (firstLine.TryGetValue(item.Key, out var first))
                {
                    plan.States["line:" + row.Line.ToString(CultureInfo.InvariantCulture)] = RowState.Duplicate;
                    if (listedLines.Add(row.Line))
                    {
                        var duplicate = run.RowEntry(JournalEvent.Row, item, RowState.Duplicate);
                        duplicate.Detail = "the same subject as line " + first.ToString(CultureInfo.InvariantCulture);
                        record.Add(duplicate);
                    }

                    plan.Notes.Add("line " + row.Line.ToString(CultureInfo.InvariantCulture) + ": duplicate of line " + first.ToString(CultureInfo.InvariantCulture) + "; skipped");
                    continue;
                }

                firstLine[item.Key] = row.Line;
                history.ByKey.TryGetValue(item.Key, out var known);
                var state = known?.State ?? RowState.Pending;
                if (known == null)
                {
                    // Every row goes into the journal before any call, so the evidence lists it even if it is never attempted.
                    record.Add(run.RowEntry(JournalEvent.Row, item, RowState.Pending));
                }
                else if (state == RowState.InDoubt && known.Entries[^1].Event != JournalEvent.End)
                {
                    // An earlier run died after the erase went on the wire: the journal says so, once.
                    var inDoubt = run.RowEntry(JournalEvent.End, item, RowState.InDoubt);
                    inDoubt.Detail = "an earlier run stopped after the erase was sent and before Gong's answer was recorded; Gong may have accepted it. Not sent again: look it up later, or resume with --resend-in-doubt.";
                    record.Add(inDoubt);
                }

                plan.States[item.Key] = state;
                plan.Lines[item.Key] = row.Line;
                var label = item.Label(Action.Name());
                if (state.IsSentBy(_request.ResendInDoubt))
                {
                    plan.Work.Add(new WorkItem(item, label, () => Call(run, item)));
                    continue;
                }

                plan.Earlier++;
                if (state is RowState.InDoubt or RowState.Rejected or RowState.NeedsSupport)
                {
                    plan.Notes.Add(label + ": " + state.Info().Page + " from an earlier run; not sent again");
                }
            }

            run.Journal.AppendAll(record);
            return plan;
        }

        public string Introduction(Run run, BatchPlan plan) =>
            Action.Name() + " of " + Words.Plural(plan.Work.Count, "subject") + " against " + run.Connection.Target + ", up to " + _request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight; "
            + plan.Earlier.ToString(CultureInfo.InvariantCulture) + " settled by earlier runs.";

        public IEnumerable<string> Remarks(BatchPlan plan) => Array.Empty<string>();

        public int ExitCode(IReadOnlyCollection<RowState> states) => states.Any(s => s.Info().BatchExit != ExitCodes.Ok) ? ExitCodes.BatchIncomplete : ExitCodes.Ok;

        private async System.Threading.Tasks.Task<RowEnd> Call(Run run, RowRef row) =>
            IsErase ? await RowCall.EraseAsync(run, row).ConfigureAwait(false) : (await RowCall.LookUpAsync(run, row, CallKind.Lookup, RowState.Pending).ConfigureAwait(false)).End;
    }
}
