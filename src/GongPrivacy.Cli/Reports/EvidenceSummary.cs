using System;
using System.Collections.Generic;
using System.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// What an auditor asks first, from the journal as it is: against which company and host, sandbox or production,
    /// who ran it, over what time, how many runs, the CSV's rows against the report's, and what can be said of the
    /// journal's integrity. A fact the journal does not hold (one written by an older version, or by single erase
    /// commands) is reported as not recorded, never guessed.
    /// </summary>
    internal sealed class EvidenceSummary
    {
        /// <summary>The companies the runs recorded (<c>GONG_PRIVACY_CONTROLLER_NAME</c>).</summary>
        public IReadOnlyList<string> Companies { get; private init; } = Array.Empty<string>();

        /// <summary>The hosts the runs called.</summary>
        public IReadOnlyList<string> Hosts { get; private init; } = Array.Empty<string>();

        /// <summary><c>sandbox</c>, <c>production</c>, or both.</summary>
        public IReadOnlyList<string> Environments { get; private init; } = Array.Empty<string>();

        /// <summary>The user names that ran the runs.</summary>
        public IReadOnlyList<string> Operators { get; private init; } = Array.Empty<string>();

        /// <summary>The first entry's time.</summary>
        public DateTimeOffset? From { get; private init; }

        /// <summary>The last entry's time.</summary>
        public DateTimeOffset? To { get; private init; }

        /// <summary>Batch runs (started or resumed), erase or lookup batches and verify batches together.</summary>
        public int Runs { get; private init; }

        /// <summary>Runs whose opening entry recorded no host, operator or environment (written before this version).</summary>
        public int RunsWithoutContext { get; private init; }

        /// <summary>Single <c>erase</c> commands (outside any batch).</summary>
        public int SingleErases { get; private init; }

        /// <summary>Rows in the CSV, as the first batch recorded them; null without a batch.</summary>
        public int? CsvRows { get; private init; }

        /// <summary>Rows in the report (one per subject and per invalid line).</summary>
        public int ReportRows { get; private init; }

        /// <summary>CSV rows that repeat an earlier row's subject, not listed again.</summary>
        public int Duplicates { get; private init; }

        /// <summary>Entries read.</summary>
        public int Entries { get; private init; }

        /// <summary>Lines that could not be read (a line cut short by a killed run), passed over.</summary>
        public int Unreadable { get; private init; }

        /// <summary>Lines cut short by an interrupted run that a later run found, closed and marked.</summary>
        public int Repaired { get; private init; }

        /// <summary>The summary of a journal and of the rows made from it.</summary>
        public static EvidenceSummary Of(IReadOnlyList<JournalEntry> entries, int unreadable, IReadOnlyList<EvidenceRow> rows)
        {
            var openings = entries.Where(e => e.Event is JournalEvents.BatchStart or JournalEvents.Resume or VerifyEvents.BatchStart or VerifyEvents.Resume).ToList();
            var firstBatch = entries.FirstOrDefault(e => e.Event == JournalEvents.BatchStart);
            return new EvidenceSummary
            {
                Companies = Distinct(openings.Select(e => e.Company)),
                Hosts = Distinct(openings.Select(e => e.Host)),
                Environments = Distinct(openings.Select(e => e.Environment)),
                Operators = Distinct(openings.Select(e => e.Operator)),
                From = entries.Count == 0 ? null : entries.Min(e => e.Timestamp),
                To = entries.Count == 0 ? null : entries.Max(e => e.Timestamp),
                Runs = openings.Count,
                RunsWithoutContext = openings.Count(e => e.Host == null && e.Operator == null),
                SingleErases = entries.Count(e => e.Run == null && e.Event == JournalEvents.Start && e.Action == "erase"),
                CsvRows = firstBatch?.Counts != null && firstBatch.Counts.TryGetValue("rows", out var csvRows) ? csvRows : null,
                ReportRows = rows.Count,
                Duplicates = entries.Where(e => e.Event == JournalEvents.Duplicate && e.Line != null).Select(e => e.Line).Distinct().Count(),
                Entries = entries.Count,
                Unreadable = unreadable,
                Repaired = entries.Count(e => e.Event == JournalEvents.Repaired),
            };
        }

        private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
    }
}
