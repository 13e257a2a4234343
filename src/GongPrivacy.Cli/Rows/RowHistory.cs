using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>One row as the journal tells it: its subject (masked), its line, its state after its last entry, and its entries.</summary>
    internal sealed class RowRecord
    {
        public RowRecord(string? key, int? line)
        {
            Key = key;
            Line = line;
        }

        /// <summary>The subject's keyed hash; null for an invalid row.</summary>
        public string? Key { get; }

        public int? Line { get; set; }

        public string? Kind { get; set; }

        public string? Subject { get; set; }

        /// <summary>The row's state after its last entry.</summary>
        public RowState State { get; set; } = RowState.Pending;

        /// <summary>The row's entries, in the journal's order.</summary>
        public List<JournalEntry> Entries { get; } = new List<JournalEntry>();

        /// <summary>The last entry of an event, or null.</summary>
        public JournalEntry? Last(JournalEvent journalEvent, string? action = null) =>
            Entries.LastOrDefault(e => e.Event == journalEvent && (action == null || e.Action == action));
    }

    /// <summary>
    /// The rows of a journal, each with the state its last entry recorded: what a resume, a verify and the evidence all
    /// read, so they never disagree. Nothing is decided here that the live run did not write, but for one case: a last
    /// line cut short by a kill may have been an erase's <c>sent</c>, so an erase row whose last entry is its
    /// <c>start</c> is taken as in doubt.
    /// </summary>
    internal sealed class RowHistory
    {
        private RowHistory(Dictionary<string, RowRecord> byKey, List<RowRecord> byLine)
        {
            ByKey = byKey;
            LineRows = byLine;
        }

        /// <summary>The rows that name a subject, by keyed hash.</summary>
        public IReadOnlyDictionary<string, RowRecord> ByKey { get; }

        /// <summary>Invalid and duplicate rows, by line.</summary>
        public IReadOnlyList<RowRecord> LineRows { get; }

        /// <summary>The state of a subject's row; <see cref="RowState.Pending"/> when the journal does not hold it.</summary>
        public RowState StateOf(string key) => ByKey.TryGetValue(key, out var row) ? row.State : RowState.Pending;

        /// <summary>Reads the rows of a journal's entries (as <see cref="LegacyEntries"/> reads them).</summary>
        public static RowHistory Read(IEnumerable<JournalEntry> entries, bool lastLineCut)
        {
            var byKey = new Dictionary<string, RowRecord>(StringComparer.Ordinal);
            var byLine = new List<RowRecord>();
            var lines = new HashSet<int>();
            foreach (var e in entries.Where(e => e.Event.IsRowEvent() && e.State != null))
            {
                if (e.State is RowState.Invalid or RowState.Duplicate)
                {
                    if (e.Line is int line && lines.Add(line))
                    {
                        var listed = new RowRecord(null, line) { Kind = e.Kind, Subject = e.Subject, State = e.State.Value };
                        listed.Entries.Add(e);
                        byLine.Add(listed);
                    }

                    continue;
                }

                if (e.Key == null)
                {
                    continue;
                }

                if (!byKey.TryGetValue(e.Key, out var row))
                {
                    row = new RowRecord(e.Key, e.Line);
                    byKey[e.Key] = row;
                }

                row.Line ??= e.Line;
                row.Kind ??= e.Kind;
                row.Subject ??= e.Subject;
                row.State = e.State!.Value;
                row.Entries.Add(e);
            }

            if (lastLineCut)
            {
                foreach (var row in byKey.Values.Where(r => r.Entries[^1].Event == JournalEvent.Start && r.Entries[^1].Action == Runs.RunAction.Erase.Name()))
                {
                    // With calls in flight, the line cut short may have been this row's 'sent'.
                    row.State = RowState.InDoubt;
                }
            }

            return new RowHistory(byKey, byLine);
        }
    }
}
