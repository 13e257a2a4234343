using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>Digest lines that are JSON but not digests.</summary>
    public partial class JournalHardeningTests
    {
        [Theory]
        [InlineData("{\"digest\":\"abc\",\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1e30,\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":2147483648,\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"from\":[1],\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"to\":1e300,\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"at\":{},\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"head\":[],\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"kdf\":{\"alg\":[],\"iterations\":\"many\",\"salt\":{}},\"sig\":\"AAAA\"}")]
        [InlineData("{\"digest\":1,\"kind\":\"run-end\",\"sig\":\"A\"}")]
        public async Task A_digest_line_that_is_JSON_but_not_a_digest_is_exit_11_naming_its_line(string line)
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var digests = File.ReadAllLines(signed.Digests);
            File.WriteAllLines(signed.Digests, new[] { line }.Concat(digests.Skip(1)));

            var runs = new[]
            {
                await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl"),
                await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json"),
                await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume"),
            };

            foreach (var run in runs)
            {
                Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
                Assert.Contains("at digest 1 (line 1 of journal.jsonl.digests)", Assert.Single(run.Stderr.Trim().Split('\n')));
            }

            Assert.False(File.Exists(cli.Path("evidence.json")));
        }
    }
}
