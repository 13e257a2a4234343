using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The data subject's report: every field of a full answer, readable, parseable, owner-only.</summary>
    public class SubjectReportTests
    {
        /// <summary>Seed 004's shape, every field filled, CRM values of every JSON kind, and fields Gong may add tomorrow.</summary>
        private const string Fixture = """
        {
          "requestId": "4al018gzaztcr8nbukw",
          "emails": [ { "id": "f6b3e1c2a4d5968778695a4b3c2d1e0f", "from": "jane.doe@example.com", "sentTime": "2026-03-04T09:15:00-08:00", "mailbox": "sales-inbox@tenant.example", "messageHash": "msghash-93c1d2e4", "threadTopic": "unknown-email-field" } ],
          "calls": [ { "id": "98765432109876543210", "status": "COMPLETED", "externalSystems": [ { "system": "Salesforce", "objects": [ { "objectType": "Task", "externalId": "00T5e00000AbCdEf" } ] } ] } ],
          "meetings": [ { "id": "7782342274025937895.ab12cd34ef@calendar.example_2026-06-30T13:00:00Z" } ],
          "customerData": [ { "system": "HubSpot", "objects": [ { "id": "5551234", "objectType": "Contact", "externalId": "hs-contact-77", "mirrorId": "{\"integrationId\":\"mirror-integration-42\",\"crmObjectType\":\"CONTACT\"}",
            "fields": [
              { "name": "FirstName", "value": "Jane" },
              { "name": "Score", "value": 87 },
              { "name": "Revenue", "value": 1234.75 },
              { "name": "OptedOut", "value": false },
              { "name": "Fax", "value": null },
              { "name": "Tags", "value": ["vip", 3, true, null, { "deep": "array-object-value" }] },
              { "name": "Address", "value": { "street": "1 Infinite Loop", "geo": { "lat": 37.33, "lon": -122.03 }, "lines": ["suite-400", "floor-7"] } },
              { "name": "Empty", "value": {} }
            ] } ] } ],
          "customerEngagement": [ { "eventType": "ExternalCallViewing", "timestamp": "2026-05-06T10:11:12+00:00", "contentId": "4433221100", "contentUrl": "https://app.gong.io/e/c-share/tkn=abc123", "reportingSystem": "Gong", "eventName": "Shared call viewed", "sourceEventId": "src-evt-991" } ],
          "futureCategory": [ { "note": "a-field-gong-adds-later" } ]
        }
        """;

        [Fact]
        public async Task The_subject_report_holds_every_field_of_a_full_answer_parses_strictly_and_is_owner_only()
        {
            using var cli = new CliHarness();
            await using var gong = await Against(cli);

            var html = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.html");
            var csv = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.csv");
            var requestId = gong.Received[0].RequestId!; // Gong's id for the lookup that made the HTML page

            Assert.True(html.Code == ExitCodes.Ok, html.Output);
            Assert.True(csv.Code == ExitCodes.Ok, csv.Output);
            var page = File.ReadAllText(cli.Path("subject.html"));
            var document = VerifyBatchTests.ParseStrictly(page);
            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, [src], [href]"));
            Assert.DoesNotContain("@font-face", page);
            Assert.DoesNotContain("url(", page);
            var text = document.Body!.TextContent;
            var csvText = File.ReadAllText(cli.Path("subject.csv")).Replace("\"\"", "\"", StringComparison.Ordinal); // CSV doubles a quote inside a cell
            var leaves = Leaves(Newtonsoft.Json.JsonConvert.DeserializeObject<JToken>(Fixture.Replace("\"requestId\": \"4al018gzaztcr8nbukw\",", string.Empty, StringComparison.Ordinal), new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None })!).ToList();
            Assert.True(leaves.Count > 40, "the fixture has " + leaves.Count + " values");
            foreach (var value in leaves)
            {
                if (value.Contains("tkn=", StringComparison.Ordinal))
                {
                    // A share link: there, and when, but not its token.
                    var masked = value.Replace("tkn=abc123", "tkn=[hidden]", StringComparison.Ordinal);
                    Assert.Contains(masked, text);
                    Assert.Contains(masked, csvText);
                    continue;
                }

                if (HumanTime.Parse(value) is DateTimeOffset time)
                {
                    // A time: for a person in the page (the exact value in its datetime), as sent in the CSV.
                    Assert.Contains(HumanTime.Format(time, TimeZoneInfo.Utc), text);
                    Assert.NotNull(document.QuerySelector("time[datetime='" + value + "']"));
                    Assert.Contains(value, csvText);
                    continue;
                }

                // A CRM field's known name is shown as its label (the CSV keeps the name).
                Assert.Contains(FieldLabels.ForCrm(value), text);
                Assert.Contains(value, csvText);
            }

            Assert.DoesNotContain("abc123", page + csvText);
            Assert.Contains("4 March 2026, 17:15 UTC", text);
            Assert.Contains("All times are in UTC", text);

            // Known CRM names get labels, unknown ones stay as the CRM has them; Gong's field names read as words.
            foreach (var name in new[] { "First name", "Score", "OptedOut", "Tags", "Address", "Thread topic", "Future category", "Gong's link to the record", "Sent", "Kind of event" })
            {
                Assert.Contains(document.QuerySelectorAll("dt"), dt => dt.TextContent == name);
            }

            Assert.DoesNotContain(document.QuerySelectorAll("dt"), dt => dt.TextContent == "FirstName");

            // The page opens with who answers, then what was searched and when, then the summary; IDs come after the content.
            var headings = document.QuerySelectorAll("h1, h2").Select(h => h.TextContent).ToList();
            Assert.Equal(new[] { "Your personal data held in Gong", "What was searched, and when", "Emails (1)", "Calls (1)", "Meetings (1)", "CRM records (1)", "Engagement events (1)", "Other details", "About this copy" }, headings);
            Assert.Equal("Example Analytics Ltd", document.GetElementById("controller")!.TextContent);
            Assert.Equal("privacy@analytics.example", document.GetElementById("controller-contact")!.TextContent);
            Assert.StartsWith("Gong holds 5 items that mention it: 1 email, 1 call, 1 meeting, 1 CRM record and 1 engagement event.", document.GetElementById("summary")!.TextContent);
            var email = document.QuerySelector("#emails .item")!;
            var labels = email.QuerySelectorAll("dt").Select(dt => dt.TextContent).ToList();
            Assert.True(labels.IndexOf("From") < labels.IndexOf("Gong ID") && labels.IndexOf("Sent") < labels.IndexOf("Message fingerprint"), string.Join(", ", labels));
            Assert.Contains("mirror-integration-42", text);
            Assert.Equal(requestId, document.GetElementById("request-id")!.TextContent);
            Assert.Contains("access token hidden", text);

            // The operator's warning is not the subject's to read: on stderr, and in the file's comment and <meta> only.
            Assert.DoesNotContain("send it to them only", text);
            Assert.Contains("<!-- gong-privacy: " + SubjectReport.Notice + " -->", string.Join("\n", page.Split('\n').Take(2)));
            Assert.Equal(SubjectReport.Notice, document.QuerySelector("meta[name='gong-privacy-notice']")!.GetAttribute("content"));
            Assert.Contains("warning: the report holds the personal data of email j***@e***.com unmasked", html.Stderr);
            Assert.Contains("1 link's access token is hidden in the report; --include-share-links keeps them.", html.Stderr);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.Path("subject.html")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.Path("subject.csv")));
            }

            // The person's own data is in the file only: the console stays masked.
            Assert.DoesNotContain("jane.doe@example.com", html.Output);
            Assert.Empty(html.Stdout);
        }

        [Fact]
        public async Task Share_link_tokens_are_hidden_in_every_format_unless_asked_for_and_the_option_says_what_it_exposes()
        {
            using var cli = new CliHarness();
            await using var gong = await Against(cli);

            var json = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.json");
            var stdout = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--format", "html");
            var kept = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "kept.html", "--include-share-links");
            var keptJson = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "kept.json", "--include-share-links");
            var help = await cli.RunAsync("lookup", "--help");

            Assert.True(json.Code == ExitCodes.Ok, json.Output);
            Assert.Contains("https://app.gong.io/e/c-share/tkn=[hidden]", File.ReadAllText(cli.Path("subject.json")));
            Assert.DoesNotContain("abc123", File.ReadAllText(cli.Path("subject.json")));
            Assert.Contains("tkn=[hidden]", VerifyBatchTests.ParseStrictly(stdout.Stdout).Body!.TextContent);
            Assert.DoesNotContain("abc123", stdout.Stdout);
            Assert.Contains("warning: this output holds the personal data", stdout.Stderr);
            Assert.True(kept.Code == ExitCodes.Ok, kept.Output);
            var keptText = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("kept.html"))).Body!.TextContent;
            Assert.Contains("tkn=abc123", keptText);
            Assert.Contains("whoever holds this page can open it", keptText);
            Assert.Contains("warning: share links keep their access tokens", kept.Stderr);
            Assert.True(keptJson.Code == ExitCodes.Ok, keptJson.Output);
            Assert.Contains("tkn=abc123", File.ReadAllText(cli.Path("kept.json")));
            var option = string.Join(" ", help.Output.Split('\n').SkipWhile(l => !l.Contains("--include-share-links", StringComparison.Ordinal)).Take(4).Select(l => l.Trim()));
            Assert.Contains("Anyone who holds the report can then open what they link to, such as call recordings", option);
        }

        [Theory]
        [InlineData("tkn=abc123", "tkn=[hidden]")]
        [InlineData("?token=abc&x=1", "?token=[hidden]&x=1")]
        [InlineData("?a=1&access_token=ya29.a0Af-x_y", "?a=1&access_token=[hidden]")]
        [InlineData("?X-Amz-Signature=deadbeef&sig=c0ffee#top", "?X-Amz-Signature=[hidden]&sig=[hidden]#top")]
        [InlineData("?tokens=keep&design=sig", "?tokens=keep&design=sig")]
        public void A_token_like_parameter_of_a_link_is_hidden_and_nothing_else(string tail, string expected)
        {
            Assert.Equal("https://host.example/p/" + expected, ShareLinks.Mask("https://host.example/p/" + tail));
            Assert.Equal("not a link token=abc", ShareLinks.Mask("not a link token=abc"));
        }

        [Fact]
        public async Task The_subject_page_needs_the_controller_and_a_known_time_zone_before_anything_is_sent_and_states_the_zone()
        {
            using var cli = new CliHarness();
            await using var gong = await Against(cli);
            cli.Variables.Remove(SubjectPageSettings.ControllerNameVariable);

            var noController = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.html");
            var badZone = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.html", "--controller-name", "Example Analytics Ltd", "--time-zone", "Mars/Olympus");
            Assert.Empty(gong.Received);
            var csv = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.csv");
            var berlin = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.html", "--controller-name", "Example Analytics Ltd", "--time-zone", "Europe/Berlin");

            Assert.Equal(ExitCodes.Usage, noController.Code);
            Assert.Equal("error: The subject's page opens with who answers the request; give the controller's name with --controller-name and --controller-contact (or set GONG_PRIVACY_CONTROLLER_NAME and GONG_PRIVACY_CONTROLLER_CONTACT). Nothing was sent.", noController.Output.Trim());
            Assert.Equal(ExitCodes.Usage, badZone.Code);
            Assert.Contains("--time-zone must be a time zone name such as UTC", badZone.Output);
            Assert.True(csv.Code == ExitCodes.Ok, csv.Output); // the CSV and JSON need no controller
            Assert.True(berlin.Code == ExitCodes.Ok, berlin.Output);
            var text = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("subject.html"))).Body!.TextContent;
            Assert.Contains("All times are in Europe/Berlin time.", text);
            Assert.Contains("4 March 2026, 18:15 UTC+01:00", text);
        }

        [Fact]
        public async Task The_sandbox_sample_subject_fills_every_section_of_the_subject_report()
        {
            using var cli = new CliHarness();

            var result = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example", "--sandbox", "--output", "ada.html", "--controller-name", "Example Analytics Ltd", "--controller-contact", "privacy@analytics.example");

            Assert.True(result.Code == ExitCodes.Ok, result.Output);
            var document = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("ada.html")));
            foreach (var section in new[] { "emails", "calls", "meetings", "customerData", "customerEngagement" })
            {
                Assert.NotEmpty(document.QuerySelectorAll("#" + section + " .item"));
            }

            var crm = document.GetElementById("customerData")!;
            Assert.Contains("51.507", crm.TextContent);
            var fax = crm.QuerySelectorAll("dt").Single(dt => dt.TextContent == "Fax");
            Assert.Equal("(no value)", fax.NextElementSibling!.TextContent);
        }

        /// <summary>A fake Gong that answers the fixture for jane.doe@example.com, and the controller the subject's page names.</summary>
        private static async Task<FakeGong> Against(CliHarness cli)
        {
            var gong = await cli.StartGongAsync(o => o.Sandbox = false);
            gong.SeedAnswer("jane.doe@example.com", Fixture);
            cli.Variables[SubjectPageSettings.ControllerNameVariable] = "Example Analytics Ltd";
            cli.Variables[SubjectPageSettings.ControllerContactVariable] = "privacy@analytics.example";
            return gong;
        }

        /// <summary>Every scalar of a JSON document as the reports write it (booleans and null included).</summary>
        private static IEnumerable<string> Leaves(JToken token) => token switch
        {
            JObject o => o.Properties().SelectMany(p => Leaves(p.Value)),
            JArray a => a.SelectMany(Leaves),
            JValue v when v.Type == JTokenType.Null => Enumerable.Empty<string>(),
            JValue v when v.Type == JTokenType.Boolean => Enumerable.Empty<string>(),
            JValue v when v.Type == JTokenType.Float => new[] { ((double)v).ToString("R", System.Globalization.CultureInfo.InvariantCulture) },
            _ => new[] { Convert.ToString(((JValue)token).Value, System.Globalization.CultureInfo.InvariantCulture)! },
        };
    }
}
