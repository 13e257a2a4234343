using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// <c>batch erase --plan</c>: exactly the rows the plan approves, held rows listed, one approved flag sending exactly
    /// its rows, nothing-held rows sending nothing and in the evidence with Gong's request id; a stale, foreign, edited or
    /// superseded plan refused with exit 12 and nothing sent; an erase without a plan warned about, or refused.
    /// </summary>
    public class PlanEraseTests
    {
        private const string Shared = "+1 206 555 0199";

        [Fact]
        public async Task Held_rows_are_listed_and_approving_one_flag_sends_exactly_the_rows_it_holds()
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json")).Code);
            var plan = JObject.Parse(File.ReadAllText(cli.Path("plan.json")));
            var lookups = gong.Lookups();

            var first = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes");

            Assert.True(first.Code == ExitCodes.BatchIncomplete, first.Output); // rows held
            Assert.DoesNotContain("warning: no plan", first.Output);
            Assert.Equal(new[] { PlanTests.Plain }, gong.ErasesPerSubject().Keys);
            Assert.Contains("5 rows held for review, not erased (lines 2, 3, 4, 5, 9): other-people not approved (line 3); crm-still-holds not approved (lines 2, 4, 5, 9); large not approved (line 4)", first.Output);
            Assert.Equal(lookups, gong.Lookups()); // an erase under a plan looks nothing up again

            var second = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes", "--resume", "--approve", "other-people");

            Assert.True(second.Code == ExitCodes.BatchIncomplete, second.Output);
            Assert.Equal(new[] { PlanTests.Plain, Shared }.OrderBy(s => s), gong.ErasesPerSubject().Keys.OrderBy(s => s));
            Assert.All(gong.ErasesPerSubject().Values, n => Assert.Equal(1, n));
            Assert.DoesNotContain(gong.Received, r => r.IsErase && r.Subject!.StartsWith("n***", StringComparison.Ordinal)); // nothing held, nothing sent

            // The journal: the approval with who and when; each erase under the plan; the held rows with their flags.
            var journal = PlanTests.Journal(cli);
            var approved = journal.Single(e => (string?)e["event"] == "approved");
            Assert.Equal(((string?)plan["plan"], "other-people", Environment.UserName), ((string?)approved["plan"], string.Join(",", approved["flags"]!), (string?)approved["operator"]));
            Assert.All(journal.Where(e => (string?)e["action"] == "erase" && e["line"] != null), e => Assert.Equal((string?)plan["plan"], (string?)e["plan"]));
            Assert.Contains(journal, e => (string?)e["event"] == "skipped" && (int?)e["line"] == 4 && (string?)e["state"] == "held" && string.Join(",", e["flags"]!) == "crm-still-holds,large");
            var nothing = journal.Single(e => (string?)e["event"] == "skipped" && (string?)e["state"] == "nothing-held");
            var planned = plan["rows"]!.Single(r => (int?)r["line"] == 6);
            Assert.Equal((string?)planned["requestId"], (string?)nothing["requestId"]);

            // The evidence: per row the plan, its flags and who approved them; nothing held with Gong's request id.
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json")).Code);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html")).Code);
            var rows = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.ToDictionary(e => (int)e["line"]!);
            var id = (string)plan["plan"]!;
            Assert.StartsWith("plan " + id + "; other-people approved by " + Environment.UserName + " at 20", (string?)rows[3]["plan"]!["text"]);
            Assert.Equal("plan " + id + ": no flag", (string?)rows[10]["plan"]!["text"]);
            Assert.Equal(("erase", "erase"), ((string?)rows[10]["action"], (string?)rows[3]["action"])); // erased under the plan: the request is the erase
            Assert.Equal("plan " + id + "; crm-still-holds not approved; large not approved", (string?)rows[4]["plan"]!["text"]);
            Assert.Equal(("held for review", "held"), ((string?)rows[2]["state"], (string?)rows[2]["stateName"]));
            Assert.Equal(("nothing held", (string?)planned["requestId"]), ((string?)rows[6]["state"], (string?)rows[6]["requestId"]));
            Assert.Contains("nothing held: Gong held nothing when the plan looked it up (request id " + (string?)planned["requestId"], (string?)rows[6]["reason"]);
            var page = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            Assert.Contains("plan " + id + "; other-people approved by " + Environment.UserName, page.Body!.TextContent);
            Assert.All(page.QuerySelectorAll(".plan"), p => Assert.DoesNotMatch("T\\d{2}:\\d{2}:\\d{2}Z", p.TextContent)); // times as the page writes them,
            Assert.NotEmpty(page.QuerySelectorAll(".plan time")); // never cut at a line break
            Assert.All(page.QuerySelectorAll(".plan .id"), id => Assert.Matches("^plan-[0-9a-f]+$", id.TextContent));

            // An approval holds for the plan's later runs: approving crm-still-holds too leaves only the row held for large.
            var third = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes", "--resume", "--approve", "crm-still-holds");

            Assert.True(third.Code == ExitCodes.BatchIncomplete, third.Output);
            Assert.Contains("1 row held for review, not erased (line 4): large not approved. ", third.Output);
            Assert.DoesNotContain(gong.Received, r => r.IsErase && r.Subject!.StartsWith("h***", StringComparison.Ordinal));
            Assert.All(gong.ErasesPerSubject().Values, n => Assert.Equal(1, n));
        }

        [Theory]
        [InlineData("stale")]
        [InlineData("edited")]
        [InlineData("edited and hashed again")]
        [InlineData("another journal's")]
        [InlineData("superseded")]
        [InlineData("its CSV changed")]
        [InlineData("another host's")]
        public async Task A_plan_that_cannot_be_used_is_refused_with_exit_12_and_nothing_is_sent(string which)
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json")).Code);
            await using var other = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = cli.Time, Sandbox = true }); // another tenant
            var journal = "journal.jsonl";
            var expected = which switch
            {
                "stale" => "older than --plan-valid-for (72 h)",
                "edited" => "was changed after it was written: its content does not match its hash",
                "edited and hashed again" => "is not the plan " ,
                "another journal's" => "belongs to another journal",
                "superseded" => "The journal holds a newer plan",
                "another host's" => "what the plan shows is not what that host holds",
                _ => "is not the file the plan",
            };
            switch (which)
            {
                case "stale":
                    cli.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
                    break;
                case "edited":
                    File.WriteAllText(cli.Path("plan.json"), File.ReadAllText(cli.Path("plan.json")).Replace("\"held\"", "\"planned\"", StringComparison.Ordinal));
                    break;
                case "edited and hashed again":
                    var tree = JObject.Parse(File.ReadAllText(cli.Path("plan.json")));
                    tree.Remove("hash");
                    tree["rows"]![0]!["state"] = "planned";
                    tree["rows"]![0]!["flags"] = new JArray();
                    tree["hash"] = "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tree.ToString(Formatting.Indented)))).ToLowerInvariant();
                    File.WriteAllText(cli.Path("plan.json"), tree.ToString(Formatting.Indented));
                    break;
                case "another journal's":
                    journal = "other.jsonl";
                    Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", journal, "--output", "other-plan.json")).Code);
                    break;
                case "superseded":
                    File.Move(cli.Path("plan.json"), cli.Path("first-plan.json"));
                    Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", journal, "--output", "plan.json")).Code);
                    File.Move(cli.Path("first-plan.json"), cli.Path("plan.json"), overwrite: true);
                    break;
                case "another host's":
                    cli.Variables["GONG_BASE_URL"] = other.BaseUrl.ToString();
                    break;
                default:
                    File.AppendAllText(cli.Path("subjects.csv"), "email,late.addition@plan.example\n");
                    break;
            }

            var before = gong.Received.Count;
            var run = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", journal, "--yes", "--approve", "other-people,crm-still-holds,large");

            Assert.Equal(ExitCodes.PlanRefused, run.Code);
            Assert.Single(run.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error: ", run.Stderr);
            Assert.Contains(expected, run.Stderr);
            Assert.EndsWith("Nothing was sent.", run.Stderr.Trim());
            Assert.Equal(before, gong.Received.Count);
            Assert.Empty(other.Received);
            Assert.DoesNotContain(PlanTests.Journal(cli, journal), e => (string?)e["action"] == "erase");
        }

        [Fact]
        public async Task An_erase_without_a_plan_warns_and_is_refused_when_a_plan_is_required_or_the_journal_holds_one()
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            File.WriteAllText(cli.Path("one.csv"), "email," + PlanTests.Plain + "\n");

            var required = await cli.RunAsync("batch", "erase", "one.csv", "--journal", "required.jsonl", "--yes", "--require-plan");
            cli.Variables["GONG_PRIVACY_REQUIRE_PLAN"] = "1";
            var byVariable = await cli.RunAsync("batch", "erase", "one.csv", "--journal", "variable.jsonl", "--yes");
            cli.Variables.Remove("GONG_PRIVACY_REQUIRE_PLAN");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "planned.jsonl", "--output", "plan.json")).Code);
            var planned = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "planned.jsonl", "--yes");
            Assert.DoesNotContain(gong.Received, r => r.IsErase);

            var warned = await cli.RunAsync("batch", "erase", "one.csv", "--journal", "plain.jsonl", "--yes");

            foreach (var refused in new[] { required, byVariable, planned })
            {
                Assert.Equal(ExitCodes.PlanRefused, refused.Code);
                Assert.Single(refused.Stderr.Trim().Split('\n'));
            }

            Assert.Contains("needs a reviewed plan here (--require-plan, or GONG_PRIVACY_REQUIRE_PLAN=1)", required.Stderr);
            Assert.Contains("The journal holds plan plan-", planned.Stderr);
            Assert.True(warned.Code == ExitCodes.Ok, warned.Output);
            Assert.StartsWith("warning: no plan: nothing was reviewed before this erase", warned.Stderr);
            Assert.Single(gong.Received, r => r.IsErase && r.Accepted);
        }

        [Theory]
        [InlineData("1", true)]
        [InlineData("TRUE", true)]
        [InlineData(" Yes ", true)]
        [InlineData("on", true)]
        [InlineData("0", false)]
        [InlineData("false", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void The_require_plan_variable_reads_its_values_in_any_case(string? value, bool requires) =>
            Assert.Equal(requires, Batch.BatchRequest.RequiresPlan(value));

        [Theory]
        [InlineData("2")]
        [InlineData("enabled")]
        public async Task A_require_plan_variable_the_tool_does_not_know_is_one_error_and_nothing_is_sent(string value)
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            File.WriteAllText(cli.Path("one.csv"), "email," + PlanTests.Plain + "\n");
            cli.Variables["GONG_PRIVACY_REQUIRE_PLAN"] = value;

            var run = await cli.RunAsync("batch", "erase", "one.csv", "--journal", "journal.jsonl", "--yes");

            Assert.Equal(ExitCodes.Usage, run.Code);
            Assert.Equal("error: GONG_PRIVACY_REQUIRE_PLAN is set to a value it does not know: set it to 1 to require a plan for every erase, or 0 (or unset it) not to. Nothing was sent.", run.Stderr.Trim());
            Assert.Empty(gong.Received);
        }

        [Fact]
        public async Task A_single_erase_of_the_shared_office_line_without_approving_other_people_is_refused_before_sending_with_the_sentence()
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);

            var lookup = await cli.RunAsync("lookup", "phone", Shared);
            var refused = await cli.RunAsync("erase", "phone", Shared, "--yes", "--journal", "audit.jsonl");
            var erasesBefore = gong.Received.Count(r => r.IsErase);
            var approved = await cli.RunAsync("erase", "phone", Shared, "--yes", "--journal", "audit.jsonl", "--approve", "other-people");

            const string Sentence = "The erase reaches other people: Gong deletes every lead or contact that holds a matching number";
            Assert.Equal(ExitCodes.Ok, lookup.Code);
            Assert.Contains("other-people: " + Sentence, lookup.Stderr);
            Assert.Contains("Here: +4*******0199, f***@s***.example, j***@s***.example.", lookup.Stderr);
            Assert.Equal(ExitCodes.PlanRefused, refused.Code);
            var error = refused.Stderr.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.StartsWith("error: Not erased: phone +1******0199 is flagged other-people. other-people: " + Sentence, error);
            Assert.Contains("Once reviewed, erase it with --approve other-people. Nothing was sent.", error);
            Assert.Equal(0, erasesBefore);
            Assert.Equal(ExitCodes.Ok, approved.Code);
            Assert.Single(gong.Received, r => r.IsErase && r.Accepted);
            Assert.DoesNotContain("2065550199", refused.Output + lookup.Output);
            Assert.DoesNotContain("front.desk", refused.Output + lookup.Output);

            var journal = PlanTests.Journal(cli, "audit.jsonl");
            Assert.Contains(journal, e => (string?)e["event"] == "skipped" && (string?)e["state"] == "held" && string.Join(",", e["flags"]!) == "other-people");
            Assert.Contains(journal, e => (string?)e["event"] == "run-end" && (string?)e["stop"] == "not-approved");
            Assert.Contains(journal, e => (string?)e["event"] == "approved" && (string?)e["operator"] == Environment.UserName);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "audit.jsonl", "--output", "evidence.json")).Code);
            var row = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single();
            Assert.StartsWith("no plan; other-people approved by " + Environment.UserName, (string?)row["plan"]!["text"]);
        }
    }
}
