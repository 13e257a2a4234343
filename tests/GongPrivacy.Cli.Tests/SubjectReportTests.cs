using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
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
            await using var gong = await cli.StartGongAsync(o => o.Sandbox = false);
            gong.SeedAnswer("jane.doe@example.com", Fixture);

            var html = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.html");
            var csv = await cli.RunAsync("lookup", "email", "jane.doe@example.com", "--output", "subject.csv");
            var requestId = gong.Received[0].RequestId!; // Gong's id for the lookup that made the HTML page

            Assert.True(html.Code == ExitCodes.Ok, html.Output);
            Assert.True(csv.Code == ExitCodes.Ok, csv.Output);
            var page = File.ReadAllText(cli.Path("subject.html"));
            var firstLines = string.Join("\n", page.Split('\n').Take(3));
            Assert.Contains("personal data Gong holds about this person, unmasked", firstLines);
            var document = VerifyBatchTests.ParseStrictly(page);
            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, [src], [href]"));
            var text = document.Body!.TextContent;
            var csvText = File.ReadAllText(cli.Path("subject.csv")).Replace("\"\"", "\"", StringComparison.Ordinal); // CSV doubles a quote inside a cell
            var leaves = Leaves(Newtonsoft.Json.JsonConvert.DeserializeObject<JToken>(Fixture.Replace("\"requestId\": \"4al018gzaztcr8nbukw\",", string.Empty, StringComparison.Ordinal), new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None })!).ToList();
            Assert.True(leaves.Count > 40, "the fixture has " + leaves.Count + " values");
            foreach (var value in leaves)
            {
                Assert.Contains(value, text);
                Assert.Contains(value, csvText);
            }

            // Names of CRM fields and of fields unknown today are shown too, and the time of the lookup.
            foreach (var name in new[] { "FirstName", "Address", "Thread topic", "Future category", "Mirror ID" })
            {
                Assert.Contains(name, text);
            }

            Assert.Contains("a-field-gong-adds-later", csvText);
            Assert.Contains("customerData,1,objects[0].fields[6].value.geo.lat,37.33", csvText);
            Assert.Contains("mirror-integration-42", text);
            Assert.NotEmpty(document.GetElementById("looked-up-at")!.TextContent);
            Assert.Equal(requestId, document.GetElementById("request-id")!.TextContent);
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
        public async Task The_sandbox_sample_subject_fills_every_section_of_the_subject_report()
        {
            using var cli = new CliHarness();

            var result = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example", "--sandbox", "--output", "ada.html");

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
