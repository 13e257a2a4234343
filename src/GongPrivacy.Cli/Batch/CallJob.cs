using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Plans;
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
        private readonly PlanGate? _gate;
        private string _csv = "";

        public CallJob(CliEnvironment environment, BatchRequest request)
        {
            _environment = environment;
            _request = request;
            if (request.Action == RunAction.Erase && request.PlanPath == null && (request.RequirePlan || BatchRequest.RequiresPlan(environment.GetVariable(BatchRequest.RequirePlanVariable))))
            {
                throw PlanDocument.Refused("An erase needs a reviewed plan here (--require-plan, or " + BatchRequest.RequirePlanVariable + "=1): make one with 'gong-privacy batch plan <subjects.csv> --journal <file> --output plan.json --output plan.html', have it reviewed, then 'gong-privacy batch erase --plan plan.json --journal <file>'");
            }

            _gate = request.PlanPath == null ? null : PlanGate.Load(environment, request.PlanPath, request.Approve, request.PlanValidFor);
        }

        public RunAction Action => _request.Action;

        private bool IsErase => Action == RunAction.Erase;

        public (List<BatchRow> Rows, string Fingerprint) ReadCsv()
        {
            _csv = _gate?.Csv(_request.CsvPath) ?? _environment.Resolve(_request.CsvPath ?? throw new CliException(ExitCodes.Usage, "batch " + Action.Name() + " needs its CSV: 'gong-privacy batch " + Action.Name() + " <subjects.csv> --journal <file>'" + (IsErase ? " (or --plan <plan.json>, which names its CSV)" : string.Empty) + "."));
            var read = BatchFile.Read(_csv, _request.Delimiter);
            _gate?.CheckCsv(_csv, read.Fingerprint);
            return read;
        }

        /// <summary>The question an erase batch asks first.</summary>
        public string? Question => _gate?.Question();

        /// <summary>An erase without a plan: nothing was reviewed.</summary>
        public string? Warning => IsErase && _gate == null
            ? "no plan: nothing was reviewed before this erase (who else a phone erase reaches, what a CRM will import again, what Gong may refuse as too large). Review first with 'gong-privacy batch plan <subjects.csv> --journal <file> --output plan.json --output plan.html', then 'batch erase --plan plan.json'; --require-plan (or " + BatchRequest.RequirePlanVariable + "=1) refuses an erase without one."
            : null;

        public void Check(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint)
        {
            if (_gate != null)
            {
                _gate.CheckJournal(journal);
            }
            else if (IsErase && journal.Existing.LastOrDefault(e => e.Event == JournalEvent.Plan) is JournalEntry planned)
            {
                throw PlanDocument.Refused("The journal holds plan " + planned.Plan + " (" + planned.Detail + "): erase with it, 'gong-privacy batch erase --plan <plan.json> --journal " + _request.JournalPath + "', or give a new journal");
            }

            var started = journal.Existing.Where(e => e.Event == JournalEvent.RunStart && e.Single != true && RunActions.Parse(e.Action) is RunAction.Erase or RunAction.Lookup).ToList();
            if (started.Count > 0 && !_request.Resume)
            {
                throw new CliException(ExitCodes.Journal, "The journal already holds a batch started " + started[0].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "; add --resume to continue it, or give a new journal. Nothing was sent.");
            }

            if (_request.Resume && started.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no " + Action.Name() + " batch (a plan's first erase runs without --resume). Run without --resume to start one. Nothing was sent.");
            }

            if (_request.Resume && (started[0].Source != fingerprint || started[0].Action != Action.Name()))
            {
                throw new CliException(ExitCodes.Journal, "The journal's batch was started with another CSV file or action (" + started[0].Action + "); resume it with the same file and subcommand. Nothing was sent.");
            }
        }

        public void CheckTarget(GongConnection connection) => _gate?.CheckTarget(connection.Host, connection.Sandbox != null);

        public RunOpening Opening(List<BatchRow> rows, string fingerprint)
        {
            var valid = rows.Count(r => r.Subject != null);
            return new RunOpening(false, _request.Resume, fingerprint, _request.MaxInFlight, new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid }, Csv: _csv, Plan: _gate?.Document.Id);
        }

        public BatchPlan Plan(Run run, RowHistory history, List<BatchRow> rows)
        {
            var plan = new BatchPlan();
            var record = new List<JournalEntry>();
            _gate?.Open(run, record);
            foreach (var listed in RowListing.List(run, history, rows, plan, record).Where(l => l.IsSubject))
            {
                var (item, known, state) = (listed.Row!, listed.Known, listed.State);
                if (state == RowState.InDoubt && known != null && known.Entries[^1].Event != JournalEvent.End)
                {
                    // An earlier run died after the erase went on the wire: the journal says so, once.
                    var inDoubt = run.RowEntry(JournalEvent.End, item, RowState.InDoubt);
                    inDoubt.Detail = "an earlier run stopped after the erase was sent and before Gong's answer was recorded; Gong may have accepted it. Not sent again: look it up later, or resume with --resend-in-doubt.";
                    record.Add(inDoubt);
                }

                var label = item.Label(Action.Name());
                if (state.IsSentBy(_request.ResendInDoubt) || _gate?.Sends(run, listed, record) == true)
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
            Action.Name() + (_gate == null ? string.Empty : " under plan " + _gate.Document.Id) + " of " + Words.Plural(plan.Work.Count, "subject") + " against " + run.Connection.Target + ", up to " + _request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight; "
            + plan.Earlier.ToString(CultureInfo.InvariantCulture) + (_gate == null ? " settled by earlier runs." : " not sent: settled by earlier runs, held for review, or holding nothing.");

        public IEnumerable<string> Remarks(BatchPlan plan) => _gate?.Remarks() ?? Array.Empty<string>();

        public int ExitCode(IReadOnlyCollection<RowState> states) => states.Any(s => s.Info().BatchExit != ExitCodes.Ok) ? ExitCodes.BatchIncomplete : ExitCodes.Ok;

        private async System.Threading.Tasks.Task<RowEnd> Call(Run run, RowRef row) =>
            IsErase ? await RowCall.EraseAsync(run, row).ConfigureAwait(false) : (await RowCall.LookUpAsync(run, row, CallKind.Lookup, RowState.Pending).ConfigureAwait(false)).End;
    }
}
