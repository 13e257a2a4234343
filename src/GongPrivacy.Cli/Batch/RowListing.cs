using System;
using System.Collections.Generic;
using System.Globalization;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>One row of the CSV as a run found it: a subject's first row (<see cref="Row"/>, with what the journal knows), or an invalid or duplicate one.</summary>
    internal sealed record ListedRow(int Line, RowRef? Row, RowRecord? Known, RowState State, string? Reason)
    {
        /// <summary>Whether the row names a subject for the first time in the CSV: the rows a run works on.</summary>
        public bool IsSubject => Row != null && State is not (RowState.Invalid or RowState.Duplicate);
    }

    /// <summary>
    /// Every row of a batch's CSV, listed in the journal before any call (a <c>row</c> entry, once), so the evidence lists
    /// every row even if a stopped batch never reaches it: invalid rows with their reason, duplicates of an earlier row,
    /// and each subject's first row with its state from the journal. What every batch job that calls per row shares.
    /// </summary>
    internal static class RowListing
    {
        public static List<ListedRow> List(Run run, RowHistory history, List<BatchRow> rows, BatchPlan plan, List<JournalEntry> record)
        {
            var listed = new List<ListedRow>();
            var listedLines = new HashSet<int>();
            foreach (var lineRow in history.LineRows)
            {
                listedLines.Add(lineRow.Line ?? 0);
            }

            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var line = row.Line.ToString(CultureInfo.InvariantCulture);
                if (row.Subject == null)
                {
                    plan.States["line:" + line] = RowState.Invalid;
                    if (listedLines.Add(row.Line))
                    {
                        var invalid = run.Entry(JournalEvent.Row);
                        invalid.Line = row.Line;
                        invalid.State = RowState.Invalid;
                        invalid.Detail = row.Problem;
                        record.Add(invalid);
                    }

                    plan.Notes.Add("line " + line + ": invalid: " + row.Problem);
                    listed.Add(new ListedRow(row.Line, null, null, RowState.Invalid, row.Problem));
                    continue;
                }

                var item = new RowRef(row.Line, row.Subject, run.Journal.KeyOf(row.Subject));
                if (firstLine.TryGetValue(item.Key, out var first))
                {
                    var why = "the same subject as line " + first.ToString(CultureInfo.InvariantCulture);
                    plan.States["line:" + line] = RowState.Duplicate;
                    if (listedLines.Add(row.Line))
                    {
                        var duplicate = run.RowEntry(JournalEvent.Row, item, RowState.Duplicate);
                        duplicate.Detail = why;
                        record.Add(duplicate);
                    }

                    plan.Notes.Add("line " + line + ": duplicate of line " + first.ToString(CultureInfo.InvariantCulture) + "; skipped");
                    listed.Add(new ListedRow(row.Line, item, null, RowState.Duplicate, why));
                    continue;
                }

                firstLine[item.Key] = row.Line;
                history.ByKey.TryGetValue(item.Key, out var known);
                if (known == null)
                {
                    record.Add(run.RowEntry(JournalEvent.Row, item, RowState.Pending));
                }

                var state = known?.State ?? RowState.Pending;
                plan.States[item.Key] = state;
                plan.Lines[item.Key] = row.Line;
                listed.Add(new ListedRow(row.Line, item, known, state, null));
            }

            return listed;
        }
    }
}
