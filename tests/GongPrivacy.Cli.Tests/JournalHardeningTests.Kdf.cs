using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The key derivation a journal records is bounded before a passphrase goes through it.</summary>
    public partial class JournalHardeningTests
    {
        [Theory]
        [InlineData("\"iterations\":2000000000", "its iterations, 2000000000, are not between 600000 and 10000000")]
        [InlineData("\"iterations\":10000001", "its iterations, 10000001, are not between 600000 and 10000000")]
        [InlineData("\"iterations\":599999", "its iterations, 599999, are not between 600000 and 10000000")]
        [InlineData("\"salt\":\"not base64!\"", "its salt is not base64")]
        [InlineData("\"salt\":\"AAAAAAAAAAA=\"", "its salt is 8 bytes, not 16 to 64")]
        [InlineData("\"alg\":\"PBKDF2-HMAC-SHA1\"", "its algorithm is PBKDF2-HMAC-SHA1")]
        public async Task A_key_derivation_the_journal_records_out_of_bounds_is_exit_11_naming_it_before_anything_is_derived(string member, string named)
        {
            using var cli = new CliHarness();
            cli.Variables[JournalKeys.Variable] = "correct horse battery staple";
            File.WriteAllText(cli.Path("subjects.csv"), SignedJournal.Csv);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox")).Code);
            var lines = File.ReadAllLines(cli.Path("journal.jsonl"));
            var name = member.Substring(0, member.IndexOf(':', StringComparison.Ordinal));
            lines[0] = System.Text.RegularExpressions.Regex.Replace(lines[0], name + ":(\"[^\"]*\"|[0-9]+)", member);
            Assert.Contains(member, lines[0]);
            File.WriteAllLines(cli.Path("journal.jsonl"), lines);

            var watch = Stopwatch.StartNew();
            var runs = new[]
            {
                await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl"),
                await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume"),
            };

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the derivation ran: " + watch.Elapsed);
            foreach (var run in runs)
            {
                Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
                var line = Assert.Single(run.Stderr.Trim().Split('\n'));
                Assert.Contains("at line 1 (its journal-created entry's kdf): the key derivation it records is not one this version uses (" + named, line);
            }
        }
    }
}
