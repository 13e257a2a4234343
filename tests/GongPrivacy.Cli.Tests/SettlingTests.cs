using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Every erase is evidence and every doubt has a way out: a single erase and a single verify write a batch's entries
    /// (a run with its host, sandbox or not, operator), so the report shows the row verified with the verifying lookup's
    /// request id; a verify that finds nothing left for a row in doubt settles it as "erased (verified)", and the batch
    /// then ends with exit 0.
    /// </summary>
    public class SettlingTests
    {
        private const string Subject = "settle.me@settling.example";

        [Fact]
        public async Task A_single_erase_then_a_single_verify_show_verified_in_every_format_with_both_request_ids_and_the_runs_facts()
        {
            using var cli = new CliHarness { ErasureDelay = TimeSpan.FromSeconds(30) };
            cli.Variables[SubjectPageSettings.ControllerNameVariable] = "Settling Ltd";

            var erase = await cli.RunAsync("erase", "email", Subject, "--yes", "--sandbox", "--journal", "audit.jsonl");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            var early = await cli.RunAsync("verify", "email", Subject, "--sandbox", "--journal", "audit.jsonl");
            Assert.True(early.Code == ExitCodes.ReferencesRemain, early.Output);
            cli.Clock.Advance(cli.ErasureDelay);
            var verify = await cli.RunAsync("verify", "email", Subject, "--sandbox", "--journal", "audit.jsonl");
            Assert.True(verify.Code == ExitCodes.Ok, verify.Output);

            foreach (var format in new[] { "html", "csv", "json" })
            {
                var report = await cli.RunAsync("report", "--journal", "audit.jsonl", "--output", "evidence." + format);
                Assert.True(report.Code == ExitCodes.Ok, report.Output);
            }

            var journal = File.ReadAllLines(cli.Path("audit.jsonl")).Select(JObject.Parse).ToList();
            var accepted = journal.Single(e => (string?)e["event"] == "end" && (string?)e["state"] == "accepted");
            var verified = journal.Single(e => (string?)e["event"] == "end" && (string?)e["state"] == "verified");
            Assert.Equal("verify", (string?)verified["action"]);
            Assert.Equal(3, journal.Count(e => (string?)e["event"] == "run-start" && (bool?)e["single"] == true));

            var json = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")));
            var row = Assert.Single(json["entries"]!);
            Assert.Equal("verified", (string?)row["state"]);
            Assert.Equal((string?)accepted["requestId"], (string?)row["requestId"]);
            Assert.Equal((string?)verified["requestId"], (string?)row["verifyRequestId"]);
            Assert.Contains("verified: nothing remains (request id " + (string?)verified["requestId"] + ")", (string?)row["reason"]);

            // Host, sandbox or production, operator and company: the same words in the three formats, and none "not recorded".
            var facts = json["facts"]!;
            var csv = File.ReadAllText(cli.Path("evidence.csv"));
            var html = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            Assert.Equal("the embedded sandbox", (string?)facts["host"]);
            Assert.Equal(Environment.UserName, (string?)facts["operator"]);
            Assert.Equal("Settling Ltd", (string?)facts["company"]);
            foreach (var (fact, id) in new[] { ("host", "host"), ("operator", "operator"), ("company", "company") })
            {
                Assert.Contains("# " + fact + ": " + (string?)facts[fact] + "\n", csv);
                Assert.Equal((string?)facts[fact], html.GetElementById("summary-" + id)!.TextContent);
            }

            Assert.StartsWith("YES", (string?)facts["sandbox"]);
            Assert.StartsWith("Sandbox", html.GetElementById("summary-environment")!.TextContent);
            Assert.DoesNotContain("not recorded", File.ReadAllText(cli.Path("evidence.html")));
        }

        [Fact]
        public async Task A_row_in_doubt_that_a_single_verify_finds_erased_is_erased_verified_and_the_batch_then_ends_with_0()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.FromSeconds(10));
            gong.Faults.When(call => call.IsErase && call.Subject == Subject, FakeGongFault.DropAfterAccepting(), int.MaxValue);
            File.WriteAllText(cli.Path("subjects.csv"), "email,first@settling.example\nemail," + Subject + "\n");

            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "batch.jsonl", "--yes");
            Assert.True(erase.Code == ExitCodes.BatchIncomplete, erase.Output);
            Assert.Contains("1 erasure is in doubt (line 2)", erase.Output);
            var stillInDoubt = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "batch.jsonl", "--yes", "--resume");
            Assert.True(stillInDoubt.Code == ExitCodes.BatchIncomplete, stillInDoubt.Output);

            // Gong had accepted it: once its erasure has run, a lookup finds nothing, and the verify settles the row.
            cli.Clock.Advance(TimeSpan.FromSeconds(10));
            var verify = await cli.RunAsync("verify", "email", Subject, "--journal", "batch.jsonl");
            Assert.True(verify.Code == ExitCodes.Ok, verify.Output);
            Assert.Contains("The erase that was in doubt is settled in the journal: erased (verified).", verify.Output);

            var resumed = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "batch.jsonl", "--yes", "--resume");
            Assert.True(resumed.Code == ExitCodes.Ok, resumed.Output);
            Assert.Equal(1, gong.ErasesPerSubject()[Subject]); // never sent again
            Assert.True((await cli.RunAsync("report", "--journal", "batch.jsonl", "--output", "evidence.json")).Code == ExitCodes.Ok);
            var row = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single(e => (int?)e["line"] == 2);
            Assert.Equal("erased (verified)", (string?)row["state"]);
            Assert.Contains("the erase was in doubt", (string?)row["reason"]);
            Assert.Matches("a later lookup found nothing left \\(request id sbx[a-z0-9]{16}\\)", (string?)row["reason"]);
        }

        [Fact]
        public async Task A_batch_verify_settles_rows_in_doubt_too()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            gong.Faults.When(call => call.IsErase && call.Subject == Subject, FakeGongFault.DropAfterAccepting(), int.MaxValue);
            File.WriteAllText(cli.Path("subjects.csv"), "email,first@settling.example\nemail," + Subject + "\n");
            Assert.Equal(ExitCodes.BatchIncomplete, (await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "batch.jsonl", "--yes")).Code);

            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "batch.jsonl", "--after", "0s");

            Assert.True(verify.Code == ExitCodes.Ok, verify.Output);
            Assert.Contains("line 2: verify email s***@s***.example: erased (verified)", verify.Output);
            Assert.Matches(@"erased \(verified\)\s+│\s+1", verify.Output);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "batch.jsonl", "--yes", "--resume")).Code);
        }
    }
}
