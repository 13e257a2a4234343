using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>One run of the tool on the journal, as its <c>run-start</c> recorded it.</summary>
    internal sealed record EvidenceRun(string? Id, string? Action, bool Single, bool Resume, DateTimeOffset At, string? Host, bool? Sandbox, string? Version, string? Operator, string? Company);

    /// <summary>
    /// Where a journal's calls went and who made them, read once from its runs' opening entries (batch and single commands
    /// alike) and its changes of host: every format of the evidence states these same facts.
    /// </summary>
    internal sealed class EvidenceRuns
    {
        private EvidenceRuns(List<EvidenceRun> runs, List<string> movedTo, IReadOnlyList<JournalEntry> entries)
        {
            Runs = runs;
            Hosts = Distinct(runs.Select(r => r.Host).Concat(movedTo));
            Companies = Distinct(runs.Select(r => r.Company));
            Operators = Distinct(runs.Select(r => r.Operator));
            Versions = Distinct(runs.Select(r => r.Version));
            Environments = Distinct(runs.Select(r => r.Sandbox == null ? null : r.Sandbox.Value ? "sandbox" : "production"));
            From = entries.Count == 0 ? null : entries.Min(e => e.Timestamp);
            To = entries.Count == 0 ? null : entries.Max(e => e.Timestamp);
            CsvRows = entries.FirstOrDefault(e => e.Event == JournalEvent.RunStart && e.Single != true && e.Counts != null && e.Counts.ContainsKey("rows"))?.Counts?.GetValueOrDefault("rows");
        }

        public IReadOnlyList<EvidenceRun> Runs { get; }

        public IReadOnlyList<string> Hosts { get; }

        public IReadOnlyList<string> Companies { get; }

        public IReadOnlyList<string> Operators { get; }

        public IReadOnlyList<string> Versions { get; }

        /// <summary><c>sandbox</c>, <c>production</c>, or both.</summary>
        public IReadOnlyList<string> Environments { get; }

        public bool AnySandbox => Runs.Any(r => r.Sandbox == true);

        public DateTimeOffset? From { get; }

        public DateTimeOffset? To { get; }

        /// <summary>The rows the batch's CSV held, as its first run counted them; null without a batch.</summary>
        public int? CsvRows { get; }

        /// <summary>Runs whose opening recorded no host or operator (a version before the runs recorded them).</summary>
        public int WithoutContext => Runs.Count(r => r.Host == null && r.Operator == null);

        public static EvidenceRuns Read(IReadOnlyList<JournalEntry> entries)
        {
            var runs = entries.Where(e => e.Event == JournalEvent.RunStart)
                .Select(e => new EvidenceRun(e.Run, e.Action, e.Single == true, e.Resume == true, e.Timestamp, e.Host, e.Environment == null ? null : e.Environment == "sandbox", e.Version, e.Operator, e.Company))
                .ToList();
            var movedTo = entries.Where(e => e.Event == JournalEvent.HostChanged && e.Host != null).Select(e => e.Host!).ToList();
            return new EvidenceRuns(runs, movedTo, entries);
        }

        private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
    }
}
