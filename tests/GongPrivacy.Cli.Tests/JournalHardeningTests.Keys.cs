using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The key file: written without following a planted link, and refused when others can reach it.</summary>
    public partial class JournalHardeningTests
    {
        private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        [Fact]
        public async Task A_new_journals_key_file_is_never_written_through_a_link_planted_where_its_temporary_file_was()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), SignedJournal.Csv);
            File.WriteAllText(cli.Path("victim.txt"), "the planter reads what is written here\n");
            File.CreateSymbolicLink(cli.Path("journal.jsonl.key.new"), cli.Path("victim.txt"));

            var run = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");

            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            Assert.Equal("the planter reads what is written here\n", File.ReadAllText(cli.Path("victim.txt")));
            var key = new FileInfo(cli.Path("journal.jsonl.key"));
            Assert.Null(key.LinkTarget);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(key.FullName));
            Assert.Contains("gong-privacy journal keys v2", File.ReadAllText(key.FullName));
        }

        [Theory]
        [InlineData(UnixFileMode.GroupRead, "0640")]
        [InlineData(UnixFileMode.OtherRead | UnixFileMode.GroupRead, "0644")]
        [InlineData(UnixFileMode.OtherWrite, "0602")]
        public async Task A_key_file_others_can_read_or_write_is_refused_naming_its_mode_and_nothing_is_sent(UnixFileMode wider, string mode)
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var digests = File.ReadAllText(signed.Digests);
            File.SetUnixFileMode(signed.Journal + ".key", OwnerOnly | wider);
            await using var gong = await cli.StartGongAsync();

            var runs = new[]
            {
                await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl"),
                await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--resume"),
            };

            foreach (var run in runs)
            {
                Assert.True(run.Code == ExitCodes.Journal, run.Output);
                Assert.Contains("(mode " + mode + ")", Assert.Single(run.Stderr.Trim().Split('\n')));
            }

            Assert.Empty(gong.Received);
            Assert.Equal(digests, File.ReadAllText(signed.Digests));
        }
    }
}
