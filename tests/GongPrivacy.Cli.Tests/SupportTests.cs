using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Gong's refusal of an erase (its abnormal-deletion guard, any 400 to an erase): one request on the wire, a final
    /// state of its own, "refused by Gong: needs Gong Support", never sent again by the tool, and what Support needs in
    /// the evidence.
    /// </summary>
    public class SupportTests
    {
        private const string Huge = "huge.account@sandbox.example";

        [Fact]
        public async Task An_erase_Gong_refuses_as_an_abnormal_deletion_is_sent_once_needs_support_and_is_never_sent_again()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            File.WriteAllText(cli.Path("subjects.csv"), "email," + Huge + "\nemail,grace.hopper@sandbox.example\n");

            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            var resumed = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--resume");
            var resent = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--resume", "--resend-in-doubt");
            var single = await cli.RunAsync("erase", "email", Huge, "--journal", "journal.jsonl", "--yes", "--approve", "large,crm-still-holds");
            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s");
            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json");

            Assert.True(erase.Code == ExitCodes.BatchIncomplete, erase.Output);
            Assert.Contains("line 1: erase email h***@s***.example: refused by Gong: needs Gong Support (400): Gong refused the erase: \"The deletion was refused: it would delete an abnormal number of objects", erase.Output);
            Assert.True(resumed.Code == ExitCodes.BatchIncomplete, resumed.Output);
            Assert.Contains("refused by Gong: needs Gong Support from an earlier run; not sent again", resumed.Output);
            Assert.True(resent.Code == ExitCodes.BatchIncomplete, resent.Output);
            Assert.True(single.Code == ExitCodes.GongError, single.Output);
            Assert.Single(single.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error: refused by Gong: needs Gong Support: Gong refused an erase of email h***@s***.example earlier, as " + cli.Path("journal.jsonl") + " records, and the tool does not send it again ('gong-privacy report' lists what Gong Support needs). Nothing was sent. Journal head: ", single.Stderr.Trim());
            Assert.True(verify.Code == ExitCodes.NotAllVerified, verify.Output);
            Assert.Contains("1 subject needs Gong Support (line 1): Gong refused the erase and nothing was erased", verify.Output); // why the exit is 10
            Assert.Equal(ExitCodes.Ok, report.Code);

            // One erase on the wire for the refused subject, in all five runs; Gong's answer is in the journal as it came.
            var erases = gong.GetReceived(unmaskedSubjects: true).Where(r => r.IsErase && r.Subject == Huge).ToList();
            var refusal = Assert.Single(erases);
            Assert.Equal(400, refusal.Status);
            var end = Journal(cli).Single(e => (string?)e["event"] == "end" && (string?)e["state"] == "needs-support");
            Assert.Equal(refusal.RequestId, (string?)end["requestId"]);
            Assert.Equal(("Refused", "Rejected", 400), ((string?)end["gongOutcome"], (string?)end["cause"], (int?)end["status"]));

            // The evidence: the state, and what Support needs.
            var row = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single(e => (int?)e["line"] == 1);
            Assert.Equal(("refused by Gong: needs Gong Support (400)", "needs-support"), ((string?)row["state"], (string?)row["stateName"]));
            Assert.Equal(refusal.RequestId, (string?)row["requestId"]);
            var reason = (string)row["reason"]!;
            Assert.Contains("abnormal number of objects", reason);
            Assert.Contains("For Gong Support: request id " + refusal.RequestId + ", at " + refusal.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + ", HTTP 400", reason);
        }

        [Fact]
        public async Task Erased_under_a_plan_the_refusal_gives_support_the_plans_counts_and_is_never_sent_again()
        {
            using var cli = new CliHarness();
            await using var gong = await PlanTests.StartAsync(cli);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json")).Code);
            var plan = JObject.Parse(File.ReadAllText(cli.Path("plan.json")));

            var erase = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes", "--approve", "large,crm-still-holds,other-people");
            var resumed = await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes", "--resume", "--resend-in-doubt");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json")).Code);

            Assert.True(erase.Code == ExitCodes.BatchIncomplete, erase.Output);
            Assert.True(resumed.Code == ExitCodes.BatchIncomplete, resumed.Output);
            var refusal = Assert.Single(gong.GetReceived(unmaskedSubjects: true), r => r.IsErase && r.Subject == Huge);
            var row = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single(e => (int?)e["line"] == 4);
            Assert.Equal(("needs-support", "erase"), ((string?)row["stateName"], (string?)row["action"])); // the request was the erase, not the plan's lookup
            Assert.Contains("For Gong Support: request id " + refusal.RequestId, (string?)row["reason"]);
            Assert.Contains("the plan " + (string?)plan["plan"] + " counted 300 emails, 120 calls, 120 meetings, 30 CRM records, 300 engagement events", (string?)row["reason"]);
            Assert.StartsWith("plan " + (string?)plan["plan"] + "; crm-still-holds approved by", (string?)row["plan"]!["text"]);
        }

        private static List<JObject> Journal(CliHarness cli) =>
            File.ReadAllLines(cli.Path("journal.jsonl")).Where(l => l.StartsWith("{", StringComparison.Ordinal)).Select(JObject.Parse).ToList();
    }
}
