using System;
using System.Collections.Generic;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Runs
{
    /// <summary>What a run's opening entry says besides where it runs: set by the command that opens it.</summary>
    internal sealed record RunOpening(bool Single, bool Resume, string? Source = null, int? MaxInFlight = null, Dictionary<string, int>? Counts = null, string? Detail = null, string? Csv = null, string? Plan = null);

    /// <summary>
    /// One run of the tool on a journal: a batch, its resume, or a single <c>erase</c> or <c>verify</c>. It opens with a
    /// <c>run-start</c> entry (where its calls go, sandbox or production, who runs it, the company, the version), writes
    /// its rows' entries, counts today's attempts against the daily quota, notes a change of host, and ends with
    /// <c>run-end</c>. Batches and single commands open and end the same way, so the evidence reads every run alike.
    /// </summary>
    internal sealed class Run
    {
        private readonly object _gate = new object();
        private string _host;

        private Run(CliEnvironment environment, AuditJournal journal, GongConnection connection, RunAction action, DailyQuota quota)
        {
            Environment = environment;
            Journal = journal;
            Connection = connection;
            Action = action;
            Quota = quota;
            Id = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4).ToLowerInvariant();
            _host = connection.Host;
        }

        public CliEnvironment Environment { get; }

        public AuditJournal Journal { get; }

        public GongConnection Connection { get; }

        public RunAction Action { get; }

        /// <summary>This run's id.</summary>
        public string Id { get; }

        /// <summary>Today's attempts against the daily quota, counted from the journal.</summary>
        public DailyQuota Quota { get; }

        /// <summary>When the run opened.</summary>
        public DateTimeOffset StartedAt { get; private set; }

        /// <summary>The plan an erase run works under (its id), written on the run's every row entry; null without one.</summary>
        public string? Plan { get; private set; }

        /// <summary>Opens a run: its <c>run-start</c> entry, and the daily quota counted from the journal.</summary>
        public static Run Open(CliEnvironment environment, AuditJournal journal, GongConnection connection, RunAction action, RunOpening opening, int dailyQuota)
        {
            var run = new Run(environment, journal, connection, action, DailyQuota.FromJournal(journal.Existing, dailyQuota, environment.Time));
            var start = run.Entry(JournalEvent.RunStart);
            run.StartedAt = start.Timestamp;
            start.Single = opening.Single ? true : null;
            start.Resume = opening.Resume ? true : null;
            start.Source = opening.Source;
            start.KeyId = journal.KeyId;
            start.Host = connection.Target;
            start.Environment = connection.Sandbox != null ? "sandbox" : "production";
            start.Operator = string.IsNullOrWhiteSpace(environment.UserName) ? null : environment.UserName;
            start.Company = SubjectPageSettings.Controller(environment);
            start.Version = ToolInfo.Version;
            start.MaxInFlight = opening.MaxInFlight;
            start.Counts = opening.Counts;
            start.Detail = opening.Detail;
            start.Csv = opening.Csv;
            start.Plan = run.Plan = opening.Plan;
            journal.Append(start);
            return run;
        }

        /// <summary>A journal entry of this run.</summary>
        public JournalEntry Entry(JournalEvent journalEvent) => new JournalEntry
        {
            Timestamp = Environment.Time.GetUtcNow(),
            Event = journalEvent,
            Run = Id,
            Action = Action.Name(),
        };

        /// <summary>A journal entry of one of this run's rows, with the row's state after it.</summary>
        public JournalEntry RowEntry(JournalEvent journalEvent, RowRef row, RowState state)
        {
            var entry = Entry(journalEvent);
            entry.Line = row.Line;
            entry.Kind = row.Subject.KindName;
            entry.Subject = row.Subject.Masked;
            entry.Key = row.Key;
            entry.State = state;
            entry.Plan = Plan;
            return entry;
        }

        /// <summary>
        /// An attempt is about to go to <paramref name="host"/>: when the calls move to another host (OAuth tokens naming a
        /// new customer host during the run), the journal says so before the attempt leaves.
        /// </summary>
        public void NoteHost(string host)
        {
            lock (_gate)
            {
                if (host.Length == 0 || string.Equals(host, _host, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                var entry = Entry(JournalEvent.HostChanged);
                entry.Host = host;
                entry.Detail = "the calls now go to " + host + (_host.Length == 0 ? string.Empty : " instead of " + _host);
                Journal.Append(entry);
                _host = host;
            }
        }

        /// <summary>Ends the run: why it stopped, and its rows counted by state; signs a digest of its entries; the journal's head is the tool's last line.</summary>
        public void End(StopReason stop, Dictionary<string, int>? counts, string? detail = null)
        {
            var end = Entry(JournalEvent.RunEnd);
            end.Stop = stop.Name();
            end.Counts = counts;
            end.Detail = detail;
            Journal.Append(end);

            // Every run ends signed; its head, the value to keep elsewhere ('journal verify --expect-head'), is the tool's last line.
            Environment.JournalHead.Head = Journal.Sign("run-end", Id);
        }
    }
}
