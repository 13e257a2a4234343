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
    /// One count of Gong's daily quota: every attempt handed to the network, the library's retries included, counted from
    /// the journal's <c>sent</c> entries across runs; a run stops cleanly at the limit, before the attempt that would pass it.
    /// </summary>
    public class QuotaTests
    {
        [Fact]
        public async Task Retried_attempts_count_a_second_run_starts_from_the_count_and_stops_cleanly_at_the_limit()
        {
            var time = new FakeGongClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
            using var cli = new CliHarness { Time = time };
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            var subjects = Enumerable.Range(1, 3).Select(i => "quota" + i + "@counting.example").ToArray();
            foreach (var subject in subjects)
            {
                gong.Faults.When(call => call.IsErase && call.Subject == subject, FakeGongFault.ServiceUnavailable, 1); // each erase is retried once
            }

            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", subjects.Select(s => "email," + s)) + "\n");

            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--daily-quota", "8");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            Assert.Equal(6, gong.Received.Count(r => r.IsErase)); // 3 refused with 503, 3 accepted
            Assert.Equal(6, Sent(cli));

            // The same day, the verify run starts from those 6: two lookups fit under 8, then it stops before the third leaves.
            time.Advance(TimeSpan.FromSeconds(2));
            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s", "--daily-quota", "8", "--max-in-flight", "1");
            Assert.True(verify.Code == ExitCodes.QuotaReached, verify.Output);
            Assert.Equal(2, gong.Lookups());
            Assert.Equal(8, Sent(cli));
            Assert.Contains("Gong's daily quota (8 calls, every attempt counted) is used up.", verify.Output);
            var entries = File.ReadAllLines(cli.Path("journal.jsonl")).Select(JObject.Parse).ToList();
            Assert.Equal("daily-quota", (string?)entries.Last(e => (string?)e["event"] == "run-end")["stop"]);

            // The next UTC day the count starts again, and the resumed run looks up the one left.
            time.Advance(TimeSpan.FromDays(1));
            var next = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s", "--daily-quota", "8", "--resume");
            Assert.True(next.Code == ExitCodes.Ok, next.Output);
            Assert.Equal(3, gong.Lookups());
        }

        [Fact]
        public async Task A_single_command_and_a_batch_share_the_journal_GONG_PRIVACY_JOURNAL_names_and_its_count()
        {
            using var cli = new CliHarness();
            cli.Variables[CommonOptions.JournalVariable] = cli.Path("shared.jsonl");
            File.WriteAllText(cli.Path("subjects.csv"), "email,one@counting.example\n");
            var batch = await cli.RunAsync("batch", "lookup", "subjects.csv", "--sandbox");
            Assert.True(batch.Code == ExitCodes.Ok, batch.Output);
            var erase = await cli.RunAsync("erase", "email", "one@counting.example", "--yes", "--sandbox", "--approve", "crm-still-holds");

            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            Assert.Equal(3, Sent(cli, "shared.jsonl")); // the batch's lookup, the erase's own lookup and the erase: one journal, one count
        }

        private static int Sent(CliHarness cli, string journal = "journal.jsonl") =>
            File.ReadAllLines(cli.Path(journal)).Select(JObject.Parse).Count(e => (string?)e["event"] == "sent");
    }
}
