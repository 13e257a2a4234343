using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// <c>batch verify --again-after</c> on fake time: a subject Gong imported again from its CRM after it was verified is
    /// "came back", with what came back and from which system, and exit 13; the others stay verified.
    /// </summary>
    public class WatchTests
    {
        [Fact]
        public async Task A_subject_reimported_from_its_crm_comes_back_with_its_system_and_the_others_stay_verified()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.FromHours(1));
            gong.SeedAnswer(PlanTests.Plain, PlanTests.PlainAnswer);
            File.WriteAllText(cli.Path("subjects.csv"), "email,comes.back@sandbox.example\nemail,grace.hopper@sandbox.example\nemail," + PlanTests.Plain + "\n");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "plan", "subjects.csv", "--journal", "journal.jsonl", "--output", "plan.json")).Code);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "--plan", "plan.json", "--journal", "journal.jsonl", "--yes", "--approve", "crm-still-holds")).Code);

            cli.Clock.Advance(TimeSpan.FromHours(2));
            var verified = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "1h");
            Assert.True(verified.Code == ExitCodes.Ok, verified.Output);

            // Not due yet: nothing is looked at again.
            var lookups = gong.Lookups();
            var early = await cli.RunAsync("batch", "verify", "--journal", "journal.jsonl", "--again-after", "7d");
            Assert.True(early.Code == ExitCodes.Ok, early.Output);
            Assert.Equal(lookups, gong.Lookups());

            // A week later (the sample subject was back a day after its erasure): the watch, with the CSV the journal recorded.
            cli.Clock.Advance(TimeSpan.FromDays(7));
            var watch = await cli.RunAsync("batch", "verify", "--journal", "journal.jsonl", "--again-after", "7d");

            Assert.True(watch.Code == ExitCodes.CameBack, watch.Output);
            Assert.Equal(lookups + 3, gong.Lookups());
            Assert.Contains("line 1: verify email c***@s***.example: came back: came back from Salesforce: ", watch.Output);
            Assert.Contains("Data came back for 1 subject verified earlier (line 1)", watch.Output);
            var ends = PlanTests.Journal(cli).Where(e => (string?)e["event"] == "end" && (string?)e["action"] == "verify").GroupBy(e => (int)e["line"]!).ToDictionary(g => g.Key, g => g.Last());
            Assert.Equal(("came-back", "Salesforce"), ((string?)ends[1]["state"], string.Join(",", ends[1]["systems"]!)));
            Assert.True((int)ends[1]["counts"]!["CRM records"]! > 0);
            Assert.Equal(new[] { "verified", "verified" }, new[] { ends[2], ends[3] }.Select(e => (string?)e["state"]));

            // The evidence shows it; a watch right after looks at nothing again, and still says so.
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json")).Code);
            var row = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single(e => (int?)e["line"] == 1);
            Assert.Equal(("came back", "came-back"), ((string?)row["state"], (string?)row["stateName"]));
            Assert.Contains("came back from Salesforce", (string?)row["reason"]);

            // A row the watch found still erased keeps the time of its first verification, not the watch's.
            var firstVerified = PlanTests.Journal(cli).First(e => (string?)e["event"] == "end" && (int?)e["line"] == 2 && (string?)e["state"] == "verified");
            var row2 = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["entries"]!.Single(e => (int?)e["line"] == 2);
            static string Second(JToken time) => ((DateTime)time).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Second(firstVerified["ts"]!), Second(row2["verifiedAt"]!));
            var again = await cli.RunAsync("batch", "verify", "--journal", "journal.jsonl", "--again-after", "7d");
            Assert.True(again.Code == ExitCodes.CameBack, again.Output);
            Assert.Equal(lookups + 3, gong.Lookups());

            // The remedy: deleted at its source, then erased again (a single erase settles the row); that erasure stays.
            var erasedAgain = await cli.RunAsync("erase", "email", "comes.back@sandbox.example", "--journal", "journal.jsonl", "--yes", "--approve", "crm-still-holds");
            Assert.True(erasedAgain.Code == ExitCodes.Ok, erasedAgain.Output);
            cli.Clock.Advance(TimeSpan.FromDays(2));
            var settled = await cli.RunAsync("batch", "verify", "--journal", "journal.jsonl", "--after", "1h");
            Assert.True(settled.Code == ExitCodes.Ok, settled.Output);
            Assert.Equal("verified", (string?)PlanTests.Journal(cli).Last(e => (string?)e["event"] == "end" && (int?)e["line"] == 1)["state"]);
        }
    }
}
