using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>
    /// <c>batch plan</c>: looks every subject of the CSV up (at Gong's pace, calls in flight, journaled and resumable like
    /// any batch) and, once every row has its answer, writes the plan: what Gong holds for each row and its flags, as JSON
    /// the erase reads back and as a page for the person who approves it. The plan's id and hash go into the journal. A
    /// new plan looks every subject up again; <c>--resume</c> continues the plan run that stopped. Rows an erase of this
    /// journal has reached are not looked up: they are the erase batch's.
    /// </summary>
    internal sealed class PlanJob : IBatchJob
    {
        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;
        private readonly PlanOutputs _outputs;
        private readonly Dictionary<string, JournalEntry> _lookups = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        private List<ListedRow> _listed = new List<ListedRow>();
        private string _fingerprint = "";
        private string? _passRun;
        private PlanDocument? _written;
        private List<int> _unsettled = new List<int>();

        public PlanJob(CliEnvironment environment, BatchRequest request)
        {
            _environment = environment;
            _request = request;
            _outputs = PlanOutputs.Of(environment, request.Outputs, request.Force);
        }

        public RunAction Action => RunAction.Plan;

        private string CsvPath => _environment.Resolve(_request.CsvPath!);

        public (List<BatchRow> Rows, string Fingerprint) ReadCsv() => BatchFile.Read(CsvPath, _request.Delimiter);

        public void Check(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint)
        {
            _outputs.Check();
            var pass = journal.Existing.LastOrDefault(e => e.Event == JournalEvent.RunStart && e.Action == Action.Name() && e.Single != true && e.Resume != true);
            if (_request.Resume && pass == null)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no plan run. Run without --resume to start one. Nothing was sent.");
            }

            if (_request.Resume && pass!.Source != fingerprint)
            {
                throw new CliException(ExitCodes.Journal, "The journal's plan run was started with another CSV file; resume it with the same file, or start a new plan without --resume. Nothing was sent.");
            }

            _passRun = _request.Resume ? pass!.Run : null;
            _fingerprint = fingerprint;
        }

        public RunOpening Opening(List<BatchRow> rows, string fingerprint)
        {
            var valid = rows.Count(r => r.Subject != null);
            return new RunOpening(false, _request.Resume, fingerprint, _request.MaxInFlight, new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid }, "plan: review above " + _request.Review.Describe(), CsvPath);
        }

        public BatchPlan Plan(Run run, RowHistory history, List<BatchRow> rows)
        {
            _passRun ??= run.Id;
            var passStart = run.Journal.Existing.FirstOrDefault(e => e.Event == JournalEvent.RunStart && e.Run == _passRun)?.Timestamp ?? run.StartedAt;
            var plan = new BatchPlan();
            var record = new List<JournalEntry>();
            _listed = RowListing.List(run, history, rows, plan, record);
            foreach (var listed in _listed.Where(l => l.IsSubject))
            {
                var item = listed.Row!;
                var erased = listed.Known?.Last(JournalEvent.Start, RunAction.Erase.Name());
                var looked = listed.Known?.Entries.LastOrDefault(e => e.Event == JournalEvent.End && e.Action == Action.Name() && e.Timestamp >= passStart);
                if (erased != null || (looked != null && Settled(listed.State)))
                {
                    // An erase of this journal reached the row (the erase batch's rules settle it), or this plan has its answer.
                    plan.Earlier++;
                    if (looked != null && erased == null)
                    {
                        _lookups[item.Key] = looked;
                    }

                    continue;
                }

                plan.Work.Add(new WorkItem(item, item.Label(Action.Name()), async () =>
                {
                    var (end, _) = await RowCall.LookUpAsync(run, item, CallKind.Plan, listed.State, data => PlanReview.Of(item.Subject, data, _request.Review)).ConfigureAwait(false);
                    if (end.Entry != null)
                    {
                        lock (_lookups)
                        {
                            _lookups[item.Key] = end.Entry;
                        }
                    }

                    return end;
                }));
            }

            run.Journal.AppendAll(record);
            return plan;
        }

        /// <summary>Once every row has its answer, writes the plan and records its id and hash in the journal.</summary>
        public void Complete(Run run, BatchPlan plan, StopReason stop)
        {
            _unsettled = _listed.Where(l => l.IsSubject && l.Known?.Last(JournalEvent.Start, RunAction.Erase.Name()) == null && !Settled(plan.States[l.Row!.Key])).Select(l => l.Line).ToList();
            if (stop != StopReason.Finished || _unsettled.Count > 0)
            {
                return;
            }

            var inputs = _listed.Select(l => new PlanInput(l.Line, l.Row?.Subject.KindName, l.Row?.Subject.Masked, l.IsSubject ? l.Row!.Key : null, l.IsSubject ? plan.States[l.Row!.Key] : l.State,
                l.IsSubject && _lookups.TryGetValue(l.Row!.Key, out var lookup) ? lookup : null,
                l.IsSubject && !_lookups.ContainsKey(l.Row!.Key) ? "an erase of this journal reached it before this plan (" + plan.States[l.Row.Key].Info().Page + "); the erase batch's rules settle it" : l.Reason));
            var document = PlanBuilder.Build("plan-" + _passRun, _environment.Time.GetUtcNow(), Path.GetFileName(run.Journal.Path), run.Journal.KeyId, CsvPath, _fingerprint, run.Connection.Target, run.Connection.Host, run.Connection.Sandbox != null, _request.Review, inputs);
            _outputs.Write(document);
            var entry = run.Entry(JournalEvent.Plan);
            entry.Plan = document.Id;
            entry.Hash = document.Hash;
            entry.Counts = document.Totals;
            entry.Detail = "written to " + string.Join(" and ", _outputs.Paths);
            run.Journal.Append(entry);
            _written = document;
        }

        public string Introduction(Run run, BatchPlan plan) =>
            "plan of " + Words.Plural(plan.Work.Count, "subject") + " against " + run.Connection.Target + " (flagged large above " + _request.Review.Describe() + "), up to " + _request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight; "
            + plan.Earlier.ToString(CultureInfo.InvariantCulture) + " settled by earlier runs.";

        public IEnumerable<string> Remarks(BatchPlan plan)
        {
            if (_written == null)
            {
                yield return "The plan is not written: " + (_unsettled.Count == 0 ? "the run stopped before every row was looked up" : Words.Lines(_unsettled) + " have no answer from Gong yet") + ". Run the same command with --resume to finish it.";
                yield break;
            }

            var totals = _written.Totals;
            int T(string name) => totals.GetValueOrDefault(name);
            yield return "Plan " + _written.Id + " written to " + string.Join(" and ", _outputs.Paths) + " (hash " + _written.Hash + "): "
                + T(RowState.Planned.Name()).ToString(CultureInfo.InvariantCulture) + " to erase, " + T(RowState.Held.Name()).ToString(CultureInfo.InvariantCulture) + " held for review ("
                + string.Join(", ", PlanFlags.All.Select(f => f.Name + " " + T(f.Name).ToString(CultureInfo.InvariantCulture))) + "), "
                + string.Join(", ", PlanFlags.StateFlags.Select(s => T(s.Name()).ToString(CultureInfo.InvariantCulture) + " " + s.Info().Page)) + ".";
            yield return "Review " + (_outputs.Html ?? _outputs.Json) + ", then erase with it: gong-privacy " + (_written.Sandbox ? "--sandbox " : string.Empty) + "batch erase --plan " + _outputs.Json + " --journal " + _request.JournalPath
                + (T(RowState.Held.Name()) > 0 ? " (that erases no row held for review: add --approve with only the flags you approve)" : string.Empty) + ". It is good for " + Words.Duration(BatchRequest.DefaultPlanValidFor) + " (--plan-valid-for).";
        }

        public int ExitCode(IReadOnlyCollection<RowState> states) => _written != null ? ExitCodes.Ok : ExitCodes.BatchIncomplete;

        /// <summary>A row the plan has an answer for: an erase is needed or not, with or without review; or Gong refused the lookup itself.</summary>
        private static bool Settled(RowState state) => state is RowState.Planned or RowState.Held or RowState.NothingHeld or RowState.Rejected;
    }
}
