using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>A journal gong-privacy 0.2.0 wrote (a sandbox erase batch and its verify run, committed as it came): chained, not signed, then sealed.</summary>
    public class LegacyJournalTests
    {
        [Fact]
        public async Task A_0_2_0_journal_verifies_as_chained_not_signed_and_is_refused_for_writing_until_sealed()
        {
            using var cli = Fixture();

            var check = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl");
            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            var resume = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume");

            Assert.True(check.Code == ExitCodes.Ok, check.Output);
            Assert.Contains("chained, not signed: written by gong-privacy 0.2.0, its 31 entries carry an HMAC chain that holds; an editor with the key file could rewrite it", check.Stderr);
            Assert.True(report.Code == ExitCodes.Ok, report.Output);
            var page = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            Assert.Contains("an editor with the key file could rewrite it", page.GetElementById("summary-integrity")!.TextContent);
            Assert.Equal(3, page.QuerySelectorAll("table.rows tbody tr").Count());
            Assert.Equal(ExitCodes.Journal, resume.Code);
            Assert.Contains("journal seal --journal", resume.Stderr);

            // An edit under 0.2.0's chain is still found with its key file.
            var lines = File.ReadAllLines(cli.Path("journal.jsonl"));
            File.WriteAllLines(cli.Path("edited.jsonl"), lines.Select((l, i) => i == 15 ? l.Replace("\"line\":1", "\"line\":2") : l));
            File.Copy(cli.Path("journal.jsonl.key"), cli.Path("edited.jsonl.key"));
            var edited = await cli.RunAsync("journal", "verify", "--journal", "edited.jsonl");
            Assert.Equal(ExitCodes.JournalTampered, edited.Code);
            Assert.Contains("at line 16: its content does not match its chain value", edited.Stderr);
        }

        [Fact]
        public async Task A_sealed_0_2_0_journal_is_signed_as_it_stood_checked_by_an_auditor_and_written_on_by_the_next_run()
        {
            using var cli = Fixture();
            var original = File.ReadAllText(cli.Path("journal.jsonl"));

            var seal = await cli.RunAsync("journal", "seal", "--journal", "journal.jsonl");
            Assert.True(seal.Code == ExitCodes.Ok, seal.Output);
            Assert.Contains("Sealed: digest 1 signs entries 1-31 as they are", seal.Stderr);
            Assert.Equal(original, File.ReadAllText(cli.Path("journal.jsonl")));
            var keyFile = JObject.Parse(File.ReadAllText(cli.Path("journal.jsonl.key")));
            Assert.Equal("gong-privacy journal keys v2", (string?)keyFile["format"]);
            Assert.Equal(File.ReadAllText(Path.Combine(Folder, "journal.jsonl.key")).Trim(), (string?)keyFile["pseudonymKey"]);

            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem")).Code);
            using var auditor = new CliHarness();
            foreach (var file in new[] { "journal.jsonl", "journal.jsonl.digests", "pub.pem" })
            {
                File.Copy(cli.Path(file), auditor.Path(file));
            }

            var audit = await auditor.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem");
            Assert.True(audit.Code == ExitCodes.Ok, audit.Output);
            Assert.Contains("signed: digests 1-1 verified (1 seal), covering entries 1-31 of 31", audit.Stderr);

            // The next run appends under the new chain and signs its end; sealing again changes nothing.
            var run = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume");
            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            var check = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", SignedJournal.HeadOf(run));
            Assert.True(check.Code == ExitCodes.Ok, check.Output);
            Assert.True(check.Stderr.Contains("digests 1-2 verified (1 seal, 1 run-end)", System.StringComparison.Ordinal), check.Stderr);
            var again = await cli.RunAsync("journal", "seal", "--journal", "journal.jsonl");
            Assert.Contains("signed already; nothing was changed", again.Stderr);
        }

        [Fact]
        public async Task A_0_2_0_journal_keyed_by_a_passphrase_is_sealed_with_a_signing_key_derived_through_PBKDF2()
        {
            const string Passphrase = "0.2.0 passphrase of the fixture"; // as the fixture was written: GONG_PRIVACY_JOURNAL_KEY
            using var cli = Fixture("journal-0.2.0-passphrase", "journal.jsonl", "subjects.csv");
            cli.Variables[JournalKeys.Variable] = Passphrase;

            var before = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl");
            var seal = await cli.RunAsync("journal", "seal", "--journal", "journal.jsonl");
            var run = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--yes");

            Assert.True(before.Code == ExitCodes.Ok, before.Output);
            Assert.Contains("chained, not signed", before.Stderr);
            Assert.True(seal.Code == ExitCodes.Ok, seal.Output);
            Assert.False(File.Exists(cli.Path("journal.jsonl.key")));
            var sealDigest = JObject.Parse(File.ReadAllLines(cli.Path("journal.jsonl.digests"))[0]);
            Assert.Equal("PBKDF2-HMAC-SHA256", (string?)sealDigest["kdf"]!["alg"]);
            Assert.Equal(600_000, (int)sealDigest["kdf"]!["iterations"]!);
            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            // The rows are matched under 0.2.0's pseudonym key (another key is exit 11): both are done, nothing is sent again.
            Assert.DoesNotContain("accepted (request id", run.Output);
            Assert.True(run.Output.Contains("2 settled by earlier runs", System.StringComparison.Ordinal), run.Output);

            // The same passphrase gives the same signing key on every run; another one is refused.
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", SignedJournal.HeadOf(run))).Code);
            cli.Variables[JournalKeys.Variable] = Passphrase + "!";
            Assert.Equal(ExitCodes.JournalTampered, (await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl")).Code);
        }

        private static string Folder => Path.Combine(RepoFolder.Root(), "tests", "GongPrivacy.Cli.Tests", "Fixtures", "journal-0.2.0");

        private static CliHarness Fixture(string folder = "journal-0.2.0", params string[] files)
        {
            var cli = new CliHarness();
            foreach (var file in files.Length > 0 ? files : new[] { "journal.jsonl", "journal.jsonl.key", "subjects.csv" })
            {
                File.Copy(Path.Combine(Folder, "..", folder, file), cli.Path(file));
            }

            if (File.Exists(cli.Path("journal.jsonl.key")) && !System.OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cli.Path("journal.jsonl.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return cli;
        }
    }
}
