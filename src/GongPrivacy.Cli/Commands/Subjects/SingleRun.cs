using System;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Subjects
{
    /// <summary>
    /// A single <c>erase</c> or <c>verify</c> as a run of its own on a journal: it opens like a batch (host, sandbox or
    /// production, operator, version), lists its row if the journal does not hold it yet, and its calls write the same
    /// entries a batch's do. So a single erase shows in the evidence as a batch's row does, and a single verify settles a
    /// batch's row (given that batch's journal).
    /// </summary>
    internal sealed class SingleRun : IAsyncDisposable
    {
        private SingleRun(AuditJournal journal, GongConnection connection, Run run, RowRef row, RowState state)
        {
            Journal = journal;
            Connection = connection;
            Run = run;
            Row = row;
            State = state;
        }

        public AuditJournal Journal { get; }

        public GongConnection Connection { get; }

        public Run Run { get; }

        public RowRef Row { get; }

        /// <summary>The row's state in the journal before this run.</summary>
        public RowState State { get; }

        /// <summary>Opens the journal (every check first), the connection, and the run, and lists the row.</summary>
        public static async Task<SingleRun> OpenAsync(CliEnvironment environment, string journalPath, string? baseUrl, bool sandbox, RunAction action, Subject subject)
        {
            var journal = AuditJournal.Open(journalPath, environment.GetVariable, environment.Time);
            try
            {
                var connection = await GongConnection.OpenAsync(environment, baseUrl, sandbox).ConfigureAwait(false);
                var history = RowHistory.Read(journal.Existing, journal.LastLineCut);
                var run = Run.Open(environment, journal, connection, action, new RunOpening(Single: true, Resume: false), GongLimits.DailyQuota);
                var row = new RowRef(null, subject, journal.KeyOf(subject));
                if (!history.ByKey.ContainsKey(row.Key))
                {
                    journal.Append(run.RowEntry(JournalEvent.Row, row, RowState.Pending));
                }

                return new SingleRun(journal, connection, run, row, history.StateOf(row.Key));
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }

        /// <summary>Ends the run, then says why a call failed, in one line with its exit code.</summary>
        public Exception Fail(RowEnd end)
        {
            Run.End(end.Stop, null, end.Detail);
            var interruption = Run.Environment.Interruption;
            if (end.Interrupted)
            {
                return new CliException(interruption.ExitCode, "Interrupted by " + interruption.Signal + ": " + end.Detail + ".");
            }

            return end.Error != null ? CredentialMessages.Call(end.Error) : new CliException(end.Stop.Exit(), end.Detail ?? end.Stop.Text());
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
            Journal.Dispose();
        }
    }
}
