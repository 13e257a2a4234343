using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// <c>batch plan</c>: every flag where it should be and nowhere else, the JSON and the page agreeing, subjects and the
    /// other people masked, the plan's id and hash in the journal, and a plan run resumed like any batch.
    /// </summary>
    public class PlanTests
    {
        /// <summary>A subject with data and no flag: emails and a call, no CRM record.</summary>
        internal const string Plain = "plain.row@plan.example";

        internal const string PlainAnswer = "{\"emails\":[{\"id\":\"e1\",\"from\":\"plain.row@plan.example\",\"sentTime\":\"2030-01-01T08:00:00Z\"}],\"calls\":[{\"id\":\"1234567890123456789\"}],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}";

        /// <summary>The CSV of every flag: line, and what the plan must say about it.</summary>
        internal static readonly (string Row, string State, string[] Flags)[] Rows =
        {
            ("email,ada.lovelace@sandbox.example", "held", new[] { "crm-still-holds" }),
            ("phone,+1 206 555 0199", "held", new[] { "other-people" }),
            ("email,huge.account@sandbox.example", "held", new[] { "crm-still-holds", "large" }),
            ("email,comes.back@sandbox.example", "held", new[] { "crm-still-holds" }),
            ("email,no.match@sandbox.example", "nothing-held", Array.Empty<string>()),
            ("email,not-an-address", "invalid", Array.Empty<string>()),
            ("email,Ada.Lovelace@Sandbox.example", "duplicate", Array.Empty<string>()),
            ("phone,+1 206 555 0100", "held", new[] { "crm-still-holds" }),
            ("email," + Plain, "planned", Array.Empty<string>()),
        };

        /// <summary>Writes the CSV of every flag (a header on line 1, the rows from line 2) and starts a fake Gong with the sandbox's subjects and the plain one.</summary>
        internal static async Task<FakeGong> StartAsync(CliHarness cli, Action<FakeGongOptions>? configure = null)
        {
            var gong = await cli.StartGongAsync(configure);
            gong.SeedAnswer(Plain, PlainAnswer);
            File.WriteAllText(cli.Path("subjects.csv"), "kind,value\n" + string.Join("\n", Rows.Select(r => r.Row)) + "\n");
            return gong;
        }

        internal static List<JObject> Journal(CliHarness cli, string name = "journal.jsonl") =>
            File.ReadAllLines(cli.Path(name)).Where(l => l.StartsWith("{", StringComparison.Ordinal)).Select(JObject.Parse).ToList();

        [Fact]
        public async Task Every_flag_appears_where_it_should_and_nowhere_else_and_the_json_and_the_page_agree()
        {
            using var cli = new CliHarness();
            await using var gong = await StartAsync(cli);

            var run = await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json", "--output", "plan.html");

            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            Assert.Empty(run.Stdout);
            var plan = JObject.Parse(File.ReadAllText(cli.Path("plan.json")));
            var rows = plan["rows"]!.ToDictionary(r => (int)r["line"]!);
            for (var i = 0; i < Rows.Length; i++)
            {
                var row = rows[i + 2];
                Assert.Equal((Rows[i].State, string.Join(",", Rows[i].Flags)), ((string?)row["state"], string.Join(",", row["flags"]!.Select(f => (string?)f))));
            }

            // Each flag, and each state a plan names as one, counted where it occurs and nowhere else.
            foreach (var flag in new[] { "other-people", "crm-still-holds", "large", "nothing-held", "invalid", "duplicate", "held", "planned" })
            {
                var expected = Enumerable.Range(0, Rows.Length).Where(i => Rows[i].Flags.Contains(flag) || Rows[i].State == flag).Select(i => i + 2).ToList();
                Assert.Equal(expected, rows.Values.Where(r => r["flags"]!.Any(f => (string?)f == flag) || (string?)r["state"] == flag).Select(r => (int)r["line"]!).OrderBy(l => l));
                Assert.Equal(expected.Count, (int?)plan["totals"]![flag]);
            }

            // What each flag reaches: the other number and the two addresses masked, the CRM systems by name, the categories above the thresholds.
            Assert.Equal(new[] { "+4*******0199" }, rows[3]["otherNumbers"]!.Select(n => (string?)n));
            Assert.Equal(new[] { "f***@s***.example", "j***@s***.example" }, rows[3]["addresses"]!.Select(n => (string?)n));
            Assert.Equal(new[] { "Salesforce", "Pipedrive" }, rows[2]["systems"]!.Select(n => (string?)n));
            Assert.Equal(300, (int?)rows[4]["counts"]!["emails"]);
            Assert.Equal(250, (int?)plan["reviewAbove"]!["emails"]);
            Assert.Matches("^sbx", (string?)rows[6]["requestId"]);

            // The page says the same, row by row and flag by flag.
            var page = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("plan.html")));
            var pageRows = page.QuerySelectorAll("tr[data-line]").ToList();
            Assert.Equal(rows.Keys.OrderBy(l => l), pageRows.Select(tr => int.Parse(tr.GetAttribute("data-line")!, System.Globalization.CultureInfo.InvariantCulture)).OrderBy(l => l));
            Assert.All(page.QuerySelectorAll("#held tr[data-line]"), tr => Assert.Equal("held", tr.GetAttribute("data-state"))); // the rows to review come first
            Assert.Equal((int?)plan["totals"]!["held"], page.QuerySelectorAll("#held tr[data-line]").Length);
            foreach (var tr in pageRows)
            {
                var row = rows[int.Parse(tr.GetAttribute("data-line")!, System.Globalization.CultureInfo.InvariantCulture)];
                Assert.Equal((string?)row["state"], tr.GetAttribute("data-state"));
                var flags = row["flags"]!.Select(f => (string)f!).ToList();
                Assert.Equal(string.Join(" ", flags.Count > 0 ? flags : (string?)row["state"] is "nothing-held" or "invalid" or "duplicate" ? new List<string> { (string)row["state"]! } : flags), tr.GetAttribute("data-flags"));
            }

            foreach (var flag in new[] { "other-people", "crm-still-holds", "large", "nothing-held", "invalid", "duplicate" })
            {
                Assert.Equal(((int?)plan["totals"]![flag] ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), page.GetElementById("total-" + flag)!.TextContent);
            }

            var text = page.Body!.TextContent;
            foreach (var shown in new[] { "+4*******0199", "f***@s***.example", "j***@s***.example", "held in Salesforce, Pipedrive", "300 emails (above 250)", (string)plan["plan"]!, (string)plan["hash"]!, "Gong will import the data again unless it is deleted there first." })
            {
                Assert.Contains(shown, text);
            }

            Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object, [src], [href]"));

            // No subject and no other person in full, anywhere the plan run wrote.
            foreach (var written in new[] { "plan.json", "plan.html", "journal.jsonl" })
            {
                var content = File.ReadAllText(cli.Path(written));
                foreach (var secret in new[] { "ada.lovelace", "front.desk", "jo.whitfield", "huge.account", "plain.row", "2065550199", "206 555", "no.match" })
                {
                    Assert.DoesNotContain(secret, content, StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.DoesNotContain("ada.lovelace", run.Output, StringComparison.OrdinalIgnoreCase);

            // The journal: a plan run like a batch, and the plan's id and hash.
            var journal = Journal(cli);
            Assert.Contains(journal, e => (string?)e["event"] == "run-start" && (string?)e["action"] == "plan" && (string?)e["csv"] == cli.Path("subjects.csv"));
            var recorded = journal.Single(e => (string?)e["event"] == "plan");
            Assert.Equal(((string?)plan["plan"], (string?)plan["hash"]), ((string?)recorded["plan"], (string?)recorded["hash"]));
            Assert.Matches("^sha256:[0-9a-f]{64}$", (string?)plan["hash"]);
            Assert.Equal(7, gong.Lookups()); // one lookup per subject: not the invalid row, not the duplicate
        }

        [Fact]
        public async Task A_plan_run_stopped_by_the_daily_quota_writes_no_plan_and_its_resume_looks_up_only_the_rest()
        {
            using var cli = new CliHarness();
            await using var gong = await StartAsync(cli);

            var stopped = await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json", "--daily-quota", "3", "--max-in-flight", "1");
            Assert.True(stopped.Code == ExitCodes.QuotaReached, stopped.Output);
            Assert.False(File.Exists(cli.Path("plan.json")));
            Assert.Contains("The plan is not written", stopped.Output);

            cli.Clock.Advance(TimeSpan.FromDays(1));
            var resumed = await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json", "--resume");
            Assert.True(resumed.Code == ExitCodes.Ok, resumed.Output);

            Assert.All(gong.LookupsPerSubject().Values, n => Assert.Equal(1, n));
            Assert.Equal(7, gong.Lookups());
            var plan = JObject.Parse(File.ReadAllText(cli.Path("plan.json")));
            Assert.Equal(9, plan["rows"]!.Count());
            Assert.Equal(5, (int?)plan["totals"]!["held"]);
            Assert.Equal("plan-" + (string?)Journal(cli).First(e => (string?)e["event"] == "run-start")["run"], (string?)plan["plan"]);
        }

        [Theory]
        [InlineData(new[] { "+12065550123" }, new[] { "ann@example.com" }, "")]
        [InlineData(new[] { "+1 (206) 555-0123", "12065550123" }, new[] { "ann@example.com" }, "")]
        [InlineData(new[] { "+12065550123" }, new[] { "ann@example.com", "bob@example.com" }, "other-people")]
        [InlineData(new[] { "+12065550123", "2065550123" }, new string[0], "other-people")]
        [InlineData(new[] { "+442065550123" }, new[] { "ann@example.com" }, "other-people")]
        public void A_phone_row_is_flagged_other_people_when_a_matching_number_is_not_the_subjects_or_more_than_one_address_holds_it(string[] numbers, string[] addresses, string expected)
        {
            var subject = Subject.Create(SubjectKind.Phone, "+1 206 555 0123");
            var data = new PhoneNumberReferences { MatchingPhoneNumbers = numbers.ToList(), EmailAddresses = addresses.ToList() };

            var review = Plans.PlanReview.Of(subject, data, Plans.ReviewThresholds.Default);

            Assert.Equal(expected, string.Join(",", review.Flags));
            Assert.All(review.Matches, m => Assert.Contains("***", m)); // masked, every one
        }

        [Fact]
        public async Task The_samples_csv_the_readme_offers_shows_every_flag_in_the_sandbox()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.Copy(Path.Combine(RepoFolder.Root(), "samples", "sandbox-request.csv"), cli.Path("request.csv"));

            var run = await cli.RunAsync("batch", "plan", "request.csv", "--journal", "journal.jsonl", "--output", "plan.json");

            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            var totals = JObject.Parse(File.ReadAllText(cli.Path("plan.json")))["totals"]!;
            Assert.All(new[] { "other-people", "large", "nothing-held", "invalid", "duplicate" }, flag => Assert.Equal(1, (int?)totals[flag]));
            Assert.True((int?)totals["crm-still-holds"] >= 4, totals.ToString());
        }

        [Theory]
        [InlineData(1, "emails", "1 email")]
        [InlineData(2, "emails", "2 emails")]
        [InlineData(1, "email addresses", "1 email address")]
        [InlineData(1, "CRM records", "1 CRM record")]
        [InlineData(0, "matching numbers", "0 matching numbers")]
        public void Counts_in_words_are_singular_for_one(int count, string category, string expected)
        {
            Assert.Equal(expected, Words.Count(count, category));
            Assert.Equal(expected, Reports.EvidenceReport.Counts(new Dictionary<string, int> { [category] = count }));
        }

        [Theory]
        [InlineData("--output", "plan.txt")]
        [InlineData("--review-above", "emails=lots")]
        [InlineData("--review-above", "faxes=3")]
        public async Task A_bad_output_or_threshold_is_one_error_before_anything_is_sent(string option, string value)
        {
            using var cli = new CliHarness();
            await using var gong = await StartAsync(cli);

            var run = await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json", option, value);

            Assert.Equal(ExitCodes.Usage, run.Code);
            Assert.Single(run.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error: ", run.Stderr);
            Assert.Empty(gong.Received);
        }
    }
}
