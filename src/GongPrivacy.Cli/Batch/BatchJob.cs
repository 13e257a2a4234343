using System.Collections.Generic;
using System.IO;

namespace GongPrivacy.Cli
{
    /// <summary>What differs between the batch subcommands; everything else is the <see cref="BatchEngine"/>'s.</summary>
    internal abstract class BatchJob
    {
        /// <summary>The <c>action</c> the journal entries of the run carry.</summary>
        public abstract string JournalAction { get; }

        public abstract string StartEvent { get; }

        public abstract string ResumeEvent { get; }

        public abstract string EndEvent { get; }

        public virtual string OutcomeHeading => "outcome";

        public virtual string CountHeading => "rows";

        /// <summary>Reads the batch's CSV.</summary>
        public virtual (List<BatchRow> Rows, string Fingerprint) ReadCsv(CliEnvironment environment, BatchRequest request) =>
            BatchFile.Read(environment.Resolve(request.CsvPath), request.Delimiter);

        /// <summary>Refuses a run the journal does not allow (a second batch, a resume of nothing, another CSV); nothing is sent.</summary>
        public abstract void Check(BatchEngine engine, List<BatchRow> rows, string fingerprint);

        /// <summary>Adds to the run's opening entry, and writes what must precede it.</summary>
        public virtual void Open(BatchEngine engine, JournalEntry start, List<BatchRow> rows)
        {
        }

        /// <summary>Decides every row: those already settled are counted (and journaled) here; the rest are returned as work.</summary>
        public abstract List<WorkItem> Plan(BatchEngine engine, List<BatchRow> rows);

        /// <summary>The line that opens the run on the console.</summary>
        public abstract string Introduction(BatchEngine engine, int work);

        /// <summary>What a person should know after the summary table.</summary>
        public abstract void Remarks(BatchEngine engine);

        /// <summary>The exit code of a run that dealt with every row.</summary>
        public abstract int ExitCode(BatchEngine engine);

        /// <summary>The CSV file, or the one error that it does not exist.</summary>
        protected static void RequireFile(string path, string message)
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, message);
            }
        }
    }
}
