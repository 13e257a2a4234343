using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Entries after the last digest: a killed run's tail (written by the journal's writer, each entry with its MAC) is
    /// signed as recovered by the next run that writes; entries an editor added (the public chain recomputed, no MAC) or a
    /// tail that holds a run's end are refused with exit 11; and a run refused before it writes leaves the tail unsigned.
    /// </summary>
    public class JournalTailTests
    {
        [Fact]
        public async Task Entries_forged_after_the_last_digest_with_the_chain_recomputed_are_never_signed_as_recovered()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem")).Code);
            var lines = File.ReadAllLines(signed.Journal).ToList();
            var first = lines.Count + 1;

            // A genuine entry replayed at the end (its MAC was made for another place), then one written by hand: the chain is public.
            var replayed = JObject.Parse(JournalChain.Split(lines.Last(l => l.Contains("\"event\":\"end\"", StringComparison.Ordinal))).Content);
            replayed["run"] = "forged01";
            var forged = new JObject { ["ts"] = "2026-12-07T10:00:00+00:00", ["event"] = "run-end", ["run"] = "forged01", ["action"] = "verify", ["stop"] = "finished" };
            File.WriteAllLines(signed.Journal, Forge(lines, replayed, forged));
            var journal = File.ReadAllText(signed.Journal);
            var digests = File.ReadAllText(signed.Digests);

            // The operator's next run, even one refused before anything is sent (a second batch on this journal), does not bless them.
            var refused = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");
            var resumed = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--yes");
            foreach (var run in new[] { refused, resumed })
            {
                Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
                var line = Assert.Single(run.Stderr.Trim().Split('\n'));
                Assert.Contains("line " + first + " was not written with this journal's key: entries after the last digest cannot be vouched for", line);
            }

            Assert.Equal(journal, File.ReadAllText(signed.Journal));
            Assert.Equal(digests, File.ReadAllText(signed.Digests));
            var audit = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem", "--expect-head", signed.Head);
            Assert.Equal(ExitCodes.JournalTampered, audit.Code);
            Assert.Contains("entries " + first + "-" + (first + 1) + " were written after the last signed digest", audit.Stderr);
        }

        [Fact]
        public async Task An_entry_forged_after_a_killed_runs_genuine_tail_is_named_and_nothing_is_signed()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            UnfinishedJournal.Write(cli, "journal.jsonl", journal => new[] { new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunStart, Run = "killed01", Action = "verify", Resume = true, KeyId = journal.KeyId } });
            var lines = File.ReadAllLines(signed.Journal).ToList();
            File.WriteAllLines(signed.Journal, Forge(lines, new JObject { ["ts"] = "2026-12-07T10:00:00+00:00", ["event"] = "host-changed", ["run"] = "killed01", ["host"] = "elsewhere.example" }));
            var digests = File.ReadAllText(signed.Digests);

            var run = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--after", "1s");

            Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
            Assert.Contains("line " + (lines.Count + 1) + " was not written with this journal's key", Assert.Single(run.Stderr.Trim().Split('\n')));
            Assert.Equal(digests, File.ReadAllText(signed.Digests));
        }

        [Fact]
        public async Task A_tail_that_ends_a_run_is_not_what_a_killed_run_leaves_and_is_not_signed()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var before = File.ReadAllLines(signed.Journal).Length;
            UnfinishedJournal.Write(cli, "journal.jsonl", journal => new[]
            {
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunStart, Run = "ended01", Action = "verify", Resume = true, KeyId = journal.KeyId },
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunEnd, Run = "ended01", Action = "verify", Stop = "finished" },
            });
            var digests = File.ReadAllText(signed.Digests);

            var run = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--after", "1s");

            Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
            Assert.Contains("line " + (before + 2) + " ends a run after the last digest", Assert.Single(run.Stderr.Trim().Split('\n')));
            Assert.Equal(digests, File.ReadAllText(signed.Digests));
        }

        [Fact]
        public async Task A_run_refused_before_it_writes_leaves_a_killed_runs_tail_unsigned_and_its_cut_line_as_it_was()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var before = File.ReadAllLines(signed.Journal).Length;
            UnfinishedJournal.Write(cli, "journal.jsonl", journal => new[] { new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunStart, Run = "killed01", Action = "verify", Resume = true, KeyId = journal.KeyId } }, cutTail: "{\"ts\":\"2026-12");
            var journal = File.ReadAllText(signed.Journal);
            var digests = File.ReadAllText(signed.Digests);

            var refused = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");

            Assert.True(refused.Code == ExitCodes.Journal, refused.Output);
            Assert.Contains("Nothing was sent", refused.Stderr);
            Assert.Equal(journal, File.ReadAllText(signed.Journal));
            Assert.Equal(digests, File.ReadAllText(signed.Digests));

            // The next run that writes signs the tail as recovered first, then closes the cut line.
            var next = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--after", "1s");
            Assert.True(next.Code == ExitCodes.Ok, next.Output);
            var recovered = Assert.Single(File.ReadAllLines(signed.Digests).Select(JObject.Parse), d => (string?)d["kind"] == "recovered");
            Assert.Equal(before + 1, (long)recovered["from"]!);
            Assert.Equal(before + 1, (long)recovered["to"]!);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", SignedJournal.HeadOf(next))).Code);
        }

        /// <summary>Appends entries as an editor without the key can: numbered, and linked with the public chain.</summary>
        internal static List<string> Forge(List<string> lines, params JObject[] entries)
        {
            var result = lines.ToList();
            var last = result.Last(l => JournalChain.Split(l).Chain != null);
            var link = JournalChain.Split(last).Chain!;
            var number = (long)JObject.Parse(last)["n"]!;
            foreach (var entry in entries)
            {
                entry["n"] = ++number;
                var content = entry.ToString(Formatting.None);
                link = JournalChain.PublicLink(link, content);
                result.Add(JournalChain.Seal(content, link));
            }

            return result;
        }
    }
}
