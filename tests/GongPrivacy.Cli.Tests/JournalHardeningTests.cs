using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// What a journal's check refuses besides edits: an empty kept head, a journal nothing is signed in, digests that are
    /// JSON but not digests, a head an editor could change without breaking a signature, and a journal's key and key
    /// derivation that others could reach or choose.
    /// </summary>
    public partial class JournalHardeningTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public async Task An_empty_or_blank_expect_head_is_bad_usage_everywhere_it_is_taken_never_a_check_skipped(string head)
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var digests = File.ReadAllText(signed.Digests);
            var runs = new[]
            {
                await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", head),
                await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html", "--expect-head", head),
                await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--yes", "--expect-head", head),
                await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--expect-head", head),
            };

            foreach (var run in runs)
            {
                Assert.True(run.Code == ExitCodes.Usage, run.Output);
                Assert.StartsWith("error: --expect-head is empty", Assert.Single(run.Stderr.Trim().Split('\n')));
            }

            Assert.False(File.Exists(cli.Path("evidence.html")));
            Assert.Equal(digests, File.ReadAllText(signed.Digests));
        }
        [Theory]
        [InlineData("")]
        [InlineData("not a journal entry\n")]
        [InlineData("{\"ts\":\"2026-12-07T10:00:00+00:00\"}\n")]
        public async Task A_journal_with_no_signed_digest_is_exit_11_for_an_auditor_and_no_evidence_is_written(string content)
        {
            using var signed = await SignedJournal.CreateAsync();
            Assert.Equal(ExitCodes.Ok, (await signed.Cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem")).Code);
            using var auditor = new CliHarness();
            File.Copy(signed.Cli.Path("pub.pem"), auditor.Path("pub.pem"));
            File.WriteAllText(auditor.Path("journal.jsonl"), content);

            var check = await auditor.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem");
            var report = await auditor.RunAsync("report", "--journal", "journal.jsonl", "--public-key", "pub.pem", "--output", "evidence.html");

            // The key holder's own check of an empty journal beside its key file says the same.
            File.WriteAllText(signed.Journal, content);
            File.Delete(signed.Digests);
            var holder = await signed.Cli.RunAsync("journal", "verify", "--journal", "journal.jsonl");

            foreach (var run in new[] { check, report, holder })
            {
                Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
                Assert.Contains("holds no signed digest: nothing vouches for it", Assert.Single(run.Stderr.Trim().Split('\n')));
            }

            Assert.False(File.Exists(auditor.Path("evidence.html")));
        }
    }
}
