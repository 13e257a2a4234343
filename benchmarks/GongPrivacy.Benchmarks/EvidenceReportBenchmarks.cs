using System;
using System.Collections.Generic;
using System.Text;
using BenchmarkDotNet.Attributes;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Benchmarks
{
    /// <summary>
    /// Writing the evidence report of an erase batch from its journal (already read): the rows replayed from the
    /// journal's entries and summarised, then rendered as HTML, CSV or JSON. 1,000 rows: 990 erased and verified,
    /// 6 remaining, 2 in doubt, 2 invalid, as a verify run leaves them.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn]
    public class EvidenceReportBenchmarks
    {
        private List<JournalEntry> _entries = null!;
        private DateTimeOffset _now;

        [Params(1000)]
        public int Rows { get; set; }

        [Params("html", "csv", "json")]
        public string Format { get; set; } = "html";

        [GlobalSetup]
        public void Setup()
        {
            _now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
            _entries = Journal(Rows, _now);
            var bytes = Encoding.UTF8.GetByteCount(Write());
            Console.WriteLine($"// evidence report, {Format}, {Rows} rows: {bytes:N0} bytes");
        }

        [Benchmark]
        public string Write()
        {
            return EvidenceReport.Render(Format, "erase-2026-11.jsonl", Evidence.Of(_entries, new JournalIntegrity()), _now);
        }

        /// <summary>The journal an erase batch and a verify run write for <paramref name="rows"/> subjects.</summary>
        internal static List<JournalEntry> Journal(int rows, DateTimeOffset now)
        {
            var start = now.AddDays(-1);
            var entries = new List<JournalEntry>
            {
                new JournalEntry { Timestamp = start, Event = JournalEvent.JournalCreated, KeyId = "0123456789abcdef" },
                new JournalEntry { Timestamp = start, Event = JournalEvent.RunStart, Action = "erase", Run = "a1b2c3d4", Source = "feedfacecafebeef", KeyId = "0123456789abcdef", Host = "us-12345.api.gong.io", Environment = "production" },
            };
            for (var i = 0; i < rows; i++)
            {
                var line = i + 2;
                var at = start.AddSeconds(i / 3.0);
                if (i % 500 == 7)
                {
                    entries.Add(new JournalEntry { Timestamp = at, Event = JournalEvent.Row, State = RowState.Invalid, Line = line, Detail = "the email address is not valid" });
                    continue;
                }

                var key = i.ToString("x32");
                JournalEntry Row(JournalEvent step, RowState state, DateTimeOffset when, string action = "erase") => new JournalEntry { Timestamp = when, Event = step, State = state, Run = "a1b2c3d4", Action = action, Line = line, Kind = "email", Subject = "s***@b***.example", Key = key };
                entries.Add(Row(JournalEvent.Row, RowState.Pending, start));
                entries.Add(Row(JournalEvent.Start, RowState.NotSent, at));
                entries.Add(Row(JournalEvent.Sent, RowState.InDoubt, at.AddMilliseconds(5)));
                if (i % 500 == 11)
                {
                    var doubt = Row(JournalEvent.End, RowState.InDoubt, at.AddSeconds(30));
                    doubt.Detail = "no answer came after the erase was sent";
                    entries.Add(doubt);
                    continue;
                }

                var answered = Row(JournalEvent.Answered, RowState.InDoubt, at.AddMilliseconds(90));
                answered.Status = 200;
                answered.RequestId = "sbx" + i.ToString("D6");
                entries.Add(answered);
                var done = Row(JournalEvent.End, RowState.Accepted, at.AddMilliseconds(91));
                done.RequestId = answered.RequestId;
                entries.Add(done);
                var verifyAt = now.AddSeconds(i / 3.0);
                entries.Add(Row(JournalEvent.Start, RowState.Accepted, verifyAt, "verify"));
                var remaining = i % 166 == 5;
                var outcome = Row(JournalEvent.End, remaining ? RowState.Remaining : RowState.Verified, verifyAt.AddMilliseconds(80), "verify");
                outcome.RequestId = "sbv" + i.ToString("D6");
                if (remaining)
                {
                    outcome.Counts = new Dictionary<string, int> { ["emails"] = 2, ["CRM records"] = 1 };
                }

                entries.Add(outcome);
            }

            return entries;
        }
    }
}
