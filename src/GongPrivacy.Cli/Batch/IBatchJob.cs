using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>One row's call, to run when the engine has room for it.</summary>
    internal sealed record WorkItem(RowRef Row, string Label, Func<Task<RowEnd>> Run);

    /// <summary>
    /// What a job decided before any call: the rows to call, every row of the batch with its state now (rows settled earlier
    /// included, so the run's summary counts them all), and what a person should read first.
    /// </summary>
    internal sealed class BatchPlan
    {
        /// <summary>The rows to call, in the CSV's order.</summary>
        public List<WorkItem> Work { get; } = new List<WorkItem>();

        /// <summary>Every row the run answers for, by key (or by line for an invalid or duplicate row), with its state.</summary>
        public Dictionary<string, RowState> States { get; } = new Dictionary<string, RowState>(StringComparer.Ordinal);

        /// <summary>The CSV line of each row of <see cref="States"/> (0 when not known).</summary>
        public Dictionary<string, int> Lines { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>The lines, in order, of the rows now in a state.</summary>
        public List<int> LinesIn(RowState state) => States.Where(s => s.Value == state).Select(s => Lines.GetValueOrDefault(s.Key)).OrderBy(l => l).ToList();

        /// <summary>Lines for the console before the calls begin.</summary>
        public List<string> Notes { get; } = new List<string>();

        /// <summary>Rows settled by earlier runs.</summary>
        public int Earlier { get; set; }
    }

    /// <summary>
    /// What differs between <c>batch erase</c>, <c>batch lookup</c> and <c>batch verify</c>. The engine runs a job: it asks
    /// the job, and gives it the run it opened; a job never reaches back into the engine.
    /// </summary>
    internal interface IBatchJob
    {
        /// <summary>The run's command.</summary>
        RunAction Action { get; }

        /// <summary>The question an erase run asks before it opens, when the job words it (a plan's erase); null for the engine's own.</summary>
        string? Question => null;

        /// <summary>A warning for the operator before the run (an erase without a plan); printed only when the run goes on to ask or to erase.</summary>
        string? Warning => null;

        /// <summary>Reads the CSV (or refuses it: one error, nothing sent).</summary>
        (List<BatchRow> Rows, string Fingerprint) ReadCsv();

        /// <summary>Refuses a run the journal does not allow (a second batch, a resume of nothing, another CSV); nothing is sent.</summary>
        void Check(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint);

        /// <summary>Refuses a run against a host the job does not allow (an erase under a plan made against another); nothing is sent.</summary>
        void CheckTarget(GongConnection connection)
        {
        }

        /// <summary>What the run's opening entry says about the batch.</summary>
        RunOpening Opening(List<BatchRow> rows, string fingerprint);

        /// <summary>Decides every row: those settled are counted (and journaled, once) here; the rest are returned as work.</summary>
        BatchPlan Plan(Run run, RowHistory history, List<BatchRow> rows);

        /// <summary>After the calls, before the run ends: what the job writes once its rows are dealt with (a plan writes its files).</summary>
        void Complete(Run run, BatchPlan plan, StopReason stop)
        {
        }

        /// <summary>The line that opens the run on the console.</summary>
        string Introduction(Run run, BatchPlan plan);

        /// <summary>What a person should know after the summary table.</summary>
        IEnumerable<string> Remarks(BatchPlan plan);

        /// <summary>The exit code of a run that dealt with every row, from the rows' states.</summary>
        int ExitCode(IReadOnlyCollection<RowState> states);
    }
}
