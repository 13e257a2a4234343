using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The evidence of an interrupted batch lists every CSV row, its state reads the same in every format, and it says where the calls went.</summary>
    public class EvidenceReportTests
    {
        [Fact]
        public async Task The_report_of_an_interrupted_batch_lists_every_csv_row_and_its_counts_add_up()
        {
            // A clock only the test moves: the interruption comes once the tool waits out row 3's 30-second Retry-After.
            var clock = new WatchedClock();
            using var cli = new CliHarness { Time = clock };
            await using var gong = await cli.StartGongAsync();
            gong.Faults.When(call => call.IsErase && call.Subject!.StartsWith("row03", StringComparison.Ordinal), FakeGongFault.RateLimited(TimeSpan.FromSeconds(30)), int.MaxValue);
            var rows = Enumerable.Range(1, 11).Select(i => i == 9 ? "email,not-an-address" : "email,row" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "@evidence.example").ToList();
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", rows) + "\n");
            using var stop = new CancellationTokenSource();
            var waiting = clock.WaitStartedAsync(TimeSpan.FromSeconds(30));

            // One in flight, so the order is fixed: rows 1-2 accepted, row 3 answered 429 and interrupted while it waits.
            var run = cli.RunAsync(stop.Token, "batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--max-in-flight", "1");
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            stop.Cancel();
            var interrupted = await run;
            Assert.True(interrupted.Code == ExitCodes.SigInt, interrupted.Output);
            // The run's own row line says what the evidence says: sent and refused, not "not sent".
            Assert.Contains("sent, refused (429)", interrupted.Output);
            Assert.DoesNotContain("not sent: sent, refused", interrupted.Output);

            foreach (var name in new[] { "evidence.json", "evidence.csv", "evidence.html" })
            {
                var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", name);
                Assert.True(report.Code == ExitCodes.Ok, report.Output);
            }

            var json = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")));
            var entries = json["entries"]!.ToList();

            // Every CSV row, in line order, and the totals add up to the CSV's rows.
            Assert.Equal(Enumerable.Range(1, 11), entries.Select(e => (int)e["line"]!));
            Assert.Equal(11, (int)json["rows"]!);
            Assert.Equal(11, json["totals"]!.Children<JProperty>().Sum(p => (int)p.Value));
            Assert.Equal(new[] { "not verified", "not verified", "sent, refused (429)", "not attempted", "not attempted", "not attempted", "not attempted", "not attempted", "invalid", "not attempted", "not attempted" }, entries.Select(e => (string?)e["state"]));
            Assert.Contains("not a subject: the email address is not valid", (string?)entries[8]["reason"]);
            Assert.True(string.IsNullOrEmpty((string?)entries[8]["requestedAt"])); // nothing was requested for an invalid row
            Assert.Contains("Gong answered 429 (RateLimited); interrupted (SIGINT) while waiting to send it again; a resume sends it again", (string?)entries[2]["reason"]);
            Assert.Equal("refused", (string?)entries[2]["stateName"]);
            Assert.Equal(gong.Received.Single(r => r.Status == 429).RequestId, (string?)entries[2]["requestId"]);
            Assert.Contains("stopped by SIGINT", (string?)entries[3]["reason"]);

            // The same states, in the same words, in CSV and HTML.
            var csvStates = File.ReadAllLines(cli.Path("evidence.csv")).SkipWhile(l => l.StartsWith("#", StringComparison.Ordinal)).Skip(1).Select(l => ParseCsvState(l)).ToList();
            Assert.Equal(entries.Select(e => (string?)e["state"]), csvStates);
            var html = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            var cells = html.QuerySelectorAll("td[data-state] > .nowrap").Select(span => span.TextContent.Trim()).ToList();
            Assert.Equal(entries.Select(e => (string?)e["state"]), cells);

            // Where the calls went, the tool's version, the run and the time span.
            var facts = json["facts"]!;
            Assert.Equal("127.0.0.1", (string?)facts["host"]);
            Assert.StartsWith("no:", (string?)facts["sandbox"]);
            Assert.Equal(ToolInfo.Version, (string?)facts["tool version"]);
            Assert.Contains((string)json["runs"]![0]!["run"]!, (string?)facts["runs"]);
            Assert.Contains(" to ", (string?)facts["time span (UTC)"]);
            Assert.False((bool)json["sandbox"]!);
        }

        [Fact]
        public async Task Sandbox_evidence_says_so_in_every_format()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--sandbox")).Code);

            var written = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.csv")).Code);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json")).Code);

            Assert.Contains("not evidence of erasure at Gong", written.Stderr);
            Assert.NotNull(VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html"))).GetElementById("sandbox"));
            Assert.Contains("# sandbox: YES", File.ReadAllText(cli.Path("evidence.csv")));
            Assert.True((bool)JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["sandbox"]!);
        }

        private static string ParseCsvState(string line)
        {
            // line,kind,subject_masked,action,state: the state is quoted when it holds a comma.
            var fields = line.Split(',');
            var state = fields[4];
            return state.StartsWith("\"", StringComparison.Ordinal) ? (state + "," + fields[5]).Trim('"') : state;
        }
    }
}
