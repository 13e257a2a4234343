using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>How every batch (erase, lookup or verify) starts and ends: the journal's opening and closing events and the summary for a person.</summary>
    internal static class BatchEnding
    {
        /// <summary>
        /// A new run's id (8 hex digits) and the journal entry that opens it, with what the evidence's summary states:
        /// the host and whether it is the sandbox, the operator's user name and the company (when
        /// <c>GONG_PRIVACY_CONTROLLER_NAME</c> is set). The caller adds its counts or detail and appends it.
        /// </summary>
        public static (string Run, JournalEntry Entry) Start(AuditJournal journal, CliEnvironment environment, GongConnection connection, bool resume, string startEvent, string resumeEvent, string action, string fingerprint)
        {
            var run = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4).ToLowerInvariant();
            return (run, new JournalEntry
            {
                Timestamp = environment.Time.GetUtcNow(),
                Event = resume ? resumeEvent : startEvent,
                Run = run,
                Action = action,
                Source = fingerprint,
                KeyId = journal.KeyId,
                Host = connection.Target,
                Environment = connection.Sandbox != null ? "sandbox" : "production",
                Operator = string.IsNullOrWhiteSpace(environment.UserName) ? null : environment.UserName,
                Company = SubjectPageSettings.Controller(environment),
            });
        }

        /// <summary>The event that closes a run: paused at the quota, interrupted by a signal, or <paramref name="normalEnd"/>.</summary>
        public static string EndEvent(string? stop, string normalEnd) => stop switch
        {
            JournalEvents.QuotaStop => JournalEvents.BatchPaused,
            JournalEvents.Interrupted => JournalEvents.Interrupted,
            _ => normalEnd,
        };

        /// <summary>Writes the tally as a table, then the journal's path, to the console (stderr).</summary>
        public static void WriteSummary(IAnsiConsole console, string journalPath, IReadOnlyDictionary<string, int> tally, string outcomeHeading, string countHeading)
        {
            var summary = new Table().AddColumn(outcomeHeading).AddColumn(new TableColumn(countHeading).RightAligned());
            foreach (var pair in tally.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                summary.AddRow(pair.Key, pair.Value.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(summary);
            console.MarkupLine($"Journal: {Markup.Escape(journalPath)}");
        }
    }
}
