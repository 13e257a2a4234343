using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The journal's hash chain: an edited entry, a deleted one and a swapped pair are each detected and named; an untouched journal and a repaired cut last line verify.</summary>
    public class JournalChainTests
    {
        private const string Csv = "email,first@chain.example\nemail,second@chain.example\nemail,third@chain.example\nphone,+1 425 555 0100\n";

        [Fact]
        public async Task An_untouched_journal_verifies_and_the_report_prints_its_head()
        {
            using var cli = await BatchAsync();
            var last = JObject.Parse(File.ReadAllLines(cli.Path("journal.jsonl")).Last());

            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json");

            Assert.Equal(ExitCodes.Ok, report.Code);
            var json = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")));
            Assert.Equal((string?)last["chain"], (string?)json["chain"]!["head"]);
            Assert.Equal((long)last["n"]!, (long)json["chain"]!["entries"]!);
            Assert.Contains("head " + (string?)last["chain"], report.Stderr);
            foreach (var name in new[] { "evidence.html", "evidence.csv" })
            {
                Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", name)).Code);
                Assert.Contains((string)last["chain"]!, File.ReadAllText(cli.Path(name)));
            }
        }

        [Theory]
        [InlineData("edited", "was edited")]
        [InlineData("deleted", "an entry before it was deleted")]
        [InlineData("swapped", "moved, swapped or repeated")]
        public async Task A_tampered_journal_is_one_error_with_its_own_exit_code_naming_the_first_bad_line(string tamper, string named)
        {
            using var cli = await BatchAsync();
            var lines = File.ReadAllLines(cli.Path("journal.jsonl")).ToList();
            const int Target = 6; // a row's entry, in the middle
            switch (tamper)
            {
                case "edited":
                    lines[Target - 1] = lines[Target - 1].Replace("\"line\":", "\"line\":1", StringComparison.Ordinal);
                    break;
                case "deleted":
                    lines.RemoveAt(Target - 1);
                    break;
                default:
                    (lines[Target - 1], lines[Target]) = (lines[Target], lines[Target - 1]);
                    break;
            }

            File.WriteAllLines(cli.Path("journal.jsonl"), lines);

            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            var resumed = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--sandbox");

            foreach (var run in new[] { report, resumed })
            {
                Assert.Equal(ExitCodes.JournalTampered, run.Code);
                var line = Assert.Single(run.Stderr.Trim().Split('\n'));
                Assert.StartsWith("error: ", line);
                Assert.Contains("fails its integrity check at line " + Target, line);
                Assert.Contains(named, line);
                Assert.Empty(run.Stdout);
            }

            Assert.False(File.Exists(cli.Path("evidence.html")));
        }

        [Fact]
        public async Task A_cut_last_line_is_repaired_recorded_as_a_repair_and_the_chain_still_verifies()
        {
            using var cli = await BatchAsync();
            var text = File.ReadAllText(cli.Path("journal.jsonl")).TrimEnd('\n');
            var cutAt = text.Split('\n').Length;
            File.WriteAllText(cli.Path("journal.jsonl"), text.Substring(0, text.Length - 40));

            var before = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "before.json");
            var resumed = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--sandbox");
            var after = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "after.json");

            Assert.Equal(ExitCodes.Ok, before.Code);
            Assert.Contains("cut short", (string?)JObject.Parse(File.ReadAllText(cli.Path("before.json")))["facts"]!["chain"]);
            Assert.Equal(ExitCodes.Ok, resumed.Code);
            Assert.Equal(ExitCodes.Ok, after.Code);
            var repaired = File.ReadAllLines(cli.Path("journal.jsonl")).Where(l => l.StartsWith("{", StringComparison.Ordinal) && l.EndsWith("}", StringComparison.Ordinal)).Select(JObject.Parse).Single(e => (string?)e["event"] == "repaired");
            Assert.Equal(cutAt, (int)repaired["line"]!);
            var json = JObject.Parse(File.ReadAllText(cli.Path("after.json")));
            Assert.Equal(new[] { cutAt }, json["chain"]!["repairedLines"]!.Select(t => (int)t));
            Assert.Contains("repaired: line " + cutAt, (string?)json["facts"]!["chain"]);
        }

        private static async Task<CliHarness> BatchAsync()
        {
            var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), Csv);
            var run = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");
            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            return cli;
        }
    }
}
