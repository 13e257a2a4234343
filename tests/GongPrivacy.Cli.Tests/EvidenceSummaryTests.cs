using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The evidence page's summary: what a batch records for it, and what the page says when a journal lacks it.</summary>
    public class EvidenceSummaryTests
    {
        [Fact]
        public async Task A_batch_records_host_environment_operator_and_company_and_the_evidence_summary_states_them()
        {
            using var cli = new CliHarness { ErasureDelay = TimeSpan.Zero };
            cli.Variables[SubjectPageSettings.ControllerNameVariable] = "Example Analytics Ltd";
            File.WriteAllText(cli.Path("subjects.csv"), "email,one@summary.example\nemail,two@summary.example\nemail,one@summary.example\nemail,three@summary.example\n");

            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--sandbox");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            var start = File.ReadAllLines(cli.Path("journal.jsonl")).Select(JObject.Parse).Single(e => (string?)e["event"] == "run-start");
            Assert.Equal("the embedded sandbox", (string?)start["host"]);
            Assert.Equal("sandbox", (string?)start["environment"]);
            Assert.Equal(Environment.UserName, (string?)start["operator"]);
            Assert.Equal("Example Analytics Ltd", (string?)start["company"]);

            // A line cut short by a kill, which the report passes over and counts.
            File.AppendAllText(cli.Path("journal.jsonl"), "{\"ts\":\"2026-");
            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            Assert.True(report.Code == ExitCodes.Ok, report.Output);
            var document = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            string Fact(string id) => document.GetElementById("summary-" + id)!.TextContent;
            Assert.Equal("Example Analytics Ltd", Fact("company"));
            Assert.Equal("the embedded sandbox", Fact("host"));
            Assert.StartsWith("Sandbox", Fact("environment"));
            Assert.Equal(Environment.UserName, Fact("operator"));
            Assert.Equal("1 batch run (started or resumed)", Fact("runs"));
            Assert.Equal("4 rows in the CSV; 4 rows in this report: every row of the CSV is accounted for.", Fact("rows"));
            Assert.StartsWith("Signed: digests 1-1 verified (1 run-end), covering entries 1-", Fact("integrity"));
            Assert.Contains("1 line could not be read and was passed over", Fact("integrity"));
            Assert.Matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} to \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\(", Fact("time-span"));

            // Only the states that occur, each with its meaning in words beside the colour.
            var states = document.QuerySelectorAll("table.states tbody th").Select(th => th.TextContent).ToList();
            Assert.Equal(new[] { "not verified", "duplicate" }, states);
            Assert.Contains("Final states: 3 not verified, 1 duplicate", document.QuerySelector(".bar")!.GetAttribute("aria-label"));
        }

        [Fact]
        public async Task A_journal_without_those_facts_says_they_are_not_recorded_and_counts_rows_the_batch_has_not_reached()
        {
            using var cli = new CliHarness();
            File.WriteAllLines(cli.Path("old.jsonl"), new[]
            {
                "{\"ts\":\"2026-01-05T09:00:00+00:00\",\"event\":\"batch-start\",\"run\":\"a1b2c3d4\",\"action\":\"erase\",\"counts\":{\"rows\":5,\"valid\":5,\"invalid\":0}}",
                "{\"ts\":\"2026-01-05T09:00:01+00:00\",\"event\":\"start\",\"run\":\"a1b2c3d4\",\"action\":\"erase\",\"line\":1,\"kind\":\"email\",\"subject\":\"o***@o***.example\",\"key\":\"k1\"}",
                "{\"ts\":\"2026-01-05T09:00:02+00:00\",\"event\":\"done\",\"run\":\"a1b2c3d4\",\"action\":\"erase\",\"line\":1,\"kind\":\"email\",\"subject\":\"o***@o***.example\",\"key\":\"k1\",\"requestId\":\"r1\",\"outcome\":\"accepted\"}",
                "{\"ts\":\"2026-01-05T09:00:03+00:00\",\"event\":\"batch-paused\",\"run\":\"a1b2c3d4\"}",
            });

            var report = await cli.RunAsync("report", "--journal", "old.jsonl", "--output", "evidence.html");

            // The evidence is written, and the exit code says that nothing vouches for the journal.
            Assert.True(report.Code == ExitCodes.JournalTampered, report.Output);
            Assert.Contains("carries neither a chain nor a signed digest", report.Stderr.Trim().Split('\n').Last());
            var document = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            foreach (var id in new[] { "host", "environment", "operator" })
            {
                Assert.Equal("not recorded (a journal from an older version)", document.GetElementById("summary-" + id)!.TextContent);
            }

            Assert.StartsWith("not recorded (set GONG_PRIVACY_CONTROLLER_NAME when running)", document.GetElementById("summary-company")!.TextContent);
            Assert.Equal("5 rows in the CSV; 1 row in this report; 4 rows of the CSV have no entry in the journal (written by an older version, which recorded only the rows it attempted).", document.GetElementById("summary-rows")!.TextContent);
            Assert.Equal("1 batch run (started or resumed); 1 run recorded no host or operator (an older version of the tool)", document.GetElementById("summary-runs")!.TextContent);
            Assert.Equal("2026-01-05 09:00:00 to 2026-01-05 09:00:03 (3 s)", document.GetElementById("summary-time-span")!.TextContent);
        }
    }
}
