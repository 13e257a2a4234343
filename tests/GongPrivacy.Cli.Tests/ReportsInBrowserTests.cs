using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using Newtonsoft.Json.Linq;
using GongPrivacy.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Both reports as their readers get them: opened in headless Chromium, checked with axe-core, printed to PDF on A4
    /// and Letter and read back. Screenshots and PDFs go to artifacts/reports/ for a person to look at.
    /// </summary>
    public class ReportsInBrowserTests
    {
        private const string Controller = "Example Analytics Ltd";
        private const string Contact = "privacy@analytics.example";

        /// <summary>A date and time on the subject's page, whole: "19 February 2026, 03:55 UTC".</summary>
        private static readonly Regex HumanTime = new Regex("\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}, \\d{2}:\\d{2}(:\\d{2})? UTC");

        /// <summary>A date and time on the evidence page, whole: "2026-12-01 07:35:54".</summary>
        private static readonly Regex IsoTime = new Regex("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

        /// <summary>A line that ends inside a date, or starts inside a time: a value cut by a line break.</summary>
        private static readonly Regex CutTime = new Regex("(\\d{4}-(\\d{2}-?)?$)|(^(\\d{2})?T?\\d{2}:\\d{2})|((January|February|March|April|May|June|July|August|September|October|November|December)( \\d{4},?)?$)", RegexOptions.Multiline);

        private readonly ITestOutputHelper _log;

        public ReportsInBrowserTests(ITestOutputHelper log) => _log = log;

        [BrowserFact]
        public async Task The_subject_page_prints_whole_on_A4_and_Letter_passes_axe_and_shows_no_share_token()
        {
            using var cli = new CliHarness();
            var raw = await cli.RunAsync("lookup", "email", FakeGong.SampleSubjects[0], "--sandbox", "--output", "raw.json", "--include-share-links");
            Assert.True(raw.Code == ExitCodes.Ok, raw.Output);
            var tokens = JObject.Parse(File.ReadAllText(cli.Path("raw.json")))["customerEngagement"]!.Select(e => ((string)e["contentUrl"]!).Split("tkn=")[1]).ToList();
            Assert.Equal(2, tokens.Count);

            var written = await cli.RunAsync("lookup", "email", FakeGong.SampleSubjects[0], "--sandbox", "--output", "subject.html", "--controller-name", Controller, "--controller-contact", Contact);
            Assert.True(written.Code == ExitCodes.Ok, written.Output);

            var report = await RenderAsync(cli.Path("subject.html"), "subject-report", a4Pages: 5, letterPages: 6);
            foreach (var pdf in report.Pdfs.Values)
            {
                var text = ReportBrowser.Text(pdf);
                foreach (var fact in new[] { Controller, Contact, FakeGong.SampleSubjects[0], "What was searched, and when", "Emails (3)", "Lead score", "Do not call", "All times are in UTC", "tkn=[hidden]", "sbx" })
                {
                    Assert.Contains(fact, text);
                }

                Assert.All(tokens, token => Assert.DoesNotContain(token, text));
                Assert.DoesNotMatch(new Regex("tkn=(?!\\[hidden\\])"), text);

                // Every time on the page is whole in the print: none is cut by a line break.
                Assert.Equal(report.Times, HumanTime.Matches(text).Count);
                Assert.DoesNotMatch(CutTime, text);

                // A heading is printed on the page of its first item.
                foreach (var (heading, first) in new[] { ("Emails (3)", "Email 1"), ("Calls (3)", "Call 1"), ("Meetings (1)", "Meeting 1"), ("CRM records (2)", "CRM system 1"), ("Engagement events (2)", "Event 1") })
                {
                    Assert.Equal(ReportBrowser.PagesWith(pdf, heading), ReportBrowser.PagesWith(pdf, first));
                }
            }
        }

        [BrowserFact]
        public async Task The_evidence_page_prints_whole_on_A4_and_Letter_with_its_summary_and_passes_axe()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o =>
            {
                o.ErasureDelay = TimeSpan.Zero;
                o.KeepSubjects = new[] { "person.07@batch.example", "+1 206 555 0133" };
            });
            cli.Variables["GONG_PRIVACY_CONTROLLER_NAME"] = Controller;
            var lines = Enumerable.Range(1, 30).Select(i => "email,person." + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "@batch.example")
                .Concat(new[] { "email,not-an-address", "email,person.03@batch.example", "phone,+1 206 555 0133", "phone,+44 20 7946 0000" });
            File.WriteAllText(cli.Path("subjects.csv"), "kind,value\n" + string.Join("\n", lines) + "\n");
            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            Assert.True(erase.Code == ExitCodes.BatchIncomplete, erase.Output); // the invalid row
            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s");
            Assert.True(verify.Code == ExitCodes.ReferencesRemain, verify.Output);
            var written = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            Assert.True(written.Code == ExitCodes.Ok, written.Output);

            var report = await RenderAsync(cli.Path("evidence.html"), "evidence-report", a4Pages: 4, letterPages: 5); // every row with its state and its reason; ids in a fixed-width font, so the count does not vary with them
            foreach (var pdf in report.Pdfs.Values)
            {
                var text = ReportBrowser.Text(pdf);
                var flat = Regex.Replace(text, "\\s+", " ");
                foreach (var fact in new[] { Controller, gong.BaseUrl.Host, "Production (a real Gong tenant)", Environment.UserName, "34 rows in the CSV; 34 rows in this report: every row of the CSV is accounted for", "Signed: digests 1-", "2 batch runs" })
                {
                    Assert.Contains(fact, flat);
                }

                // The legend names only the states that occur; the bar is not the only carrier of them.
                Assert.Contains("Gong accepted the erase, and a later lookup found nothing left.", flat);
                Assert.DoesNotContain("no answer came back", flat);
                Assert.DoesNotContain("not verified", flat);

                // No subject in full; every time whole; the table's header on every page.
                Assert.DoesNotContain("person.07@batch.example", text);
                Assert.Equal(report.Times, IsoTime.Matches(text).Count);
                Assert.DoesNotMatch(CutTime, text);
                Assert.Equal(ReportBrowser.Pages(pdf), Regex.Matches(text, "Requested \\(UTC\\)").Count);
            }
        }

        [BrowserFact]
        public async Task The_plan_page_prints_whole_on_A4_and_Letter_masks_the_subjects_and_the_other_people_and_passes_axe()
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            var planned = await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json", "--output", "plan.html");
            Assert.True(planned.Code == ExitCodes.Ok, planned.Output);
            var id = (string)JObject.Parse(File.ReadAllText(cli.Path("plan.json")))["plan"]!;

            var report = await RenderAsync(cli.Path("plan.html"), "plan-report", a4Pages: 2, letterPages: 2); // what the approving person sees: artifacts/reports/plan-report.png
            foreach (var pdf in report.Pdfs.Values)
            {
                var text = ReportBrowser.Text(pdf);
                var flat = Regex.Replace(ReportBrowser.RawText(pdf), "\\s+", " ");
                foreach (var fact in new[] { id, "Erasure plan for review", "+4*******0199", "f***@s***.example", "j***@s***.example", "held in Salesforce, Pipedrive", "300 emails (above 250)", "other-people", "crm-still-holds", "large", "nothing-held", "Gong will import the data again unless it is deleted there first." })
                {
                    Assert.Contains(fact, flat);
                }

                foreach (var secret in new[] { "ada.lovelace", "front.desk", "jo.whitfield", "huge.account", "2065550199", "206 555" })
                {
                    Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
                }

                Assert.Equal(report.Times, IsoTime.Matches(text).Count);
                Assert.DoesNotMatch(CutTime, text);
            }
        }

        /// <summary>Opens a page in Chromium, logs and checks what a reader depends on first: no serious or critical axe-core violation, and the known number of pages on A4 and on Letter.</summary>
        private async Task<RenderedReport> RenderAsync(string file, string name, int a4Pages, int letterPages)
        {
            await using var browser = await ReportBrowser.StartAsync();
            var report = await browser.RenderAsync(file, ReportBrowser.Artifacts("reports"), name);
            _log.WriteLine($"{name}: {string.Join(", ", report.Pdfs.Select(p => ReportBrowser.Pages(p.Value) + " pages on " + p.Key))}; axe: {report.Axe.Violations.Length} violations ({string.Join(", ", report.Axe.Violations.Select(v => v.Impact + " " + v.Id))}); screenshot {report.Screenshot}");
            Assert.Empty(ReportBrowser.Serious(report.Axe));
            Assert.Equal(new[] { ("A4", a4Pages), ("Letter", letterPages) }, report.Pdfs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, ReportBrowser.Pages(p.Value))));
            Assert.True(new FileInfo(report.Screenshot).Length > 10_000, "the screenshot of " + name + " is empty");
            return report;
        }
    }
}
