using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// The tamper suite, each attack on a real signed journal (a sandbox erase batch and its verify run): the check names
    /// the first bad place with exit 11, the report writes nothing, and a following --resume sends nothing.
    /// </summary>
    public class JournalTamperTests
    {
        public static TheoryData<string> Attacks => new TheoryData<string> { "edit", "edit-rechained", "delete-middle", "delete-last", "delete-last-run", "delete-digest", "strip-chain", "swap", "replace-key" };

        [Fact]
        public async Task An_untouched_journal_verifies_and_each_run_printed_the_head_the_digests_end_with()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;

            var check = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", signed.Head);
            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.json", "--expect-head", signed.EraseHead);

            Assert.True(check.Code == ExitCodes.Ok, check.Output);
            var entries = File.ReadAllLines(signed.Journal).Length;
            Assert.Contains("Journal signed: digests 1-2 verified (2 run-end), covering entries 1-" + entries + " of " + entries, check.Stderr);
            Assert.Equal(signed.Head, SignedJournal.HeadOf(check));
            Assert.True(report.Code == ExitCodes.Ok, report.Output);
            var integrity = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["integrity"]!;
            Assert.Equal(signed.Head, (string?)integrity["shortHead"]);
            Assert.Equal(entries, (long)integrity["coveredTo"]!);
            Assert.Equal(JTokenType.Null, integrity["uncovered"]!.Type);
            Assert.Equal(new[] { "run-end", "run-end" }, integrity["digests"]!.Select(d => (string?)d["kind"]));
        }

        [Theory]
        [MemberData(nameof(Attacks))]
        public async Task An_attack_is_exit_11_naming_the_first_bad_place_the_report_writes_nothing_and_resume_sends_nothing(string attack)
        {
            using var signed = await SignedJournal.CreateAsync();
            var named = await Attack(signed, attack);

            await AssertCaught(signed, named, new[] { "journal", "verify", "--journal", "journal.jsonl" });
        }

        [Theory]
        [InlineData("delete-last-run-and-digest")]
        [InlineData("restore-older-copy")]
        public async Task A_rollback_cannot_be_seen_from_the_files_alone_and_the_kept_head_catches_it(string attack)
        {
            using var signed = await SignedJournal.CreateAsync();
            if (attack == "restore-older-copy")
            {
                File.WriteAllLines(signed.Journal, signed.AfterErase.Journal);
                File.WriteAllLines(signed.Digests, signed.AfterErase.Digests);
            }
            else
            {
                var lines = File.ReadAllLines(signed.Journal).ToList();
                File.WriteAllLines(signed.Journal, lines.Take(RunStartOf(lines, "verify") - 1));
                File.WriteAllLines(signed.Digests, File.ReadAllLines(signed.Digests).SkipLast(1));
            }

            // What the docs say plainly: the files alone hold together.
            Assert.Equal(ExitCodes.Ok, (await signed.Cli.RunAsync("journal", "verify", "--journal", "journal.jsonl")).Code);

            await AssertCaught(signed, "its digests never reach the head you kept (" + signed.Head + ")", new[] { "journal", "verify", "--journal", "journal.jsonl", "--expect-head", signed.Head }, "--expect-head", signed.Head);
        }

        private static async Task AssertCaught(SignedJournal signed, string named, string[] check, params string[] extra)
        {
            var cli = signed.Cli;
            var verify = await cli.RunAsync(check);
            var report = await cli.RunAsync(new[] { "report", "--journal", "journal.jsonl", "--output", "evidence.html" }.Concat(extra).ToArray());
            await using var gong = await cli.StartGongAsync();
            var resumed = await cli.RunAsync(new[] { "batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--yes", "--resend-in-doubt" }.Concat(extra).ToArray());

            foreach (var run in new[] { verify, report, resumed })
            {
                Assert.True(run.Code == ExitCodes.JournalTampered, run.Output);
                var line = Assert.Single(run.Stderr.Trim().Split('\n'));
                Assert.StartsWith("error: The journal " + signed.Journal, line);
                Assert.Contains(named, line);
                Assert.Empty(run.Stdout);
            }

            Assert.False(File.Exists(cli.Path("evidence.html")));
            Assert.Empty(gong.Received);
        }

        /// <summary>Carries out an attack; returns what the error must name.</summary>
        private static async Task<string> Attack(SignedJournal signed, string attack)
        {
            var lines = File.ReadAllLines(signed.Journal).ToList();
            var digests = File.ReadAllLines(signed.Digests).ToList();
            var target = lines.FindIndex(l => l.Contains("\"event\":\"end\"", StringComparison.Ordinal)) + 1; // the first row's accepted erase, in the middle
            var firstDigestTo = (long)JObject.Parse(digests[0])["to"]!;
            string named;
            switch (attack)
            {
                case "edit":
                    lines[target - 1] = lines[target - 1].Replace("\"state\":\"accepted\"", "\"state\":\"refused\"", StringComparison.Ordinal);
                    named = "at line " + target + ": its content does not match its chain value";
                    break;
                case "edit-rechained":
                    // An editor who knows the format recomputes every link after the edit: the signed digest still differs.
                    lines[target - 1] = lines[target - 1].Replace("\"state\":\"accepted\"", "\"state\":\"refused\"", StringComparison.Ordinal);
                    lines = Rechain(lines);
                    named = "at entries 1-" + firstDigestTo + ": they do not match digest 1";
                    break;
                case "delete-middle":
                    lines.RemoveAt(target - 1);
                    named = "at line " + target + ": it holds entry " + (target + 1) + " where entry " + target + " was due: an entry before it was deleted";
                    break;
                case "delete-last":
                    named = "at entry " + lines.Count + ": the journal ends at entry " + (lines.Count - 1);
                    lines.RemoveAt(lines.Count - 1);
                    break;
                case "delete-last-run":
                    var start = RunStartOf(lines, "verify");
                    named = "at entry " + start + ": the journal ends at entry " + (start - 1);
                    lines = lines.Take(start - 1).ToList();
                    break;
                case "delete-digest":
                    digests.RemoveAt(0);
                    named = "at digest 1 (line 1 of journal.jsonl.digests): it does not follow the digest before it (it holds digest 2)";
                    break;
                case "strip-chain":
                    lines = lines.Select(l => Regex.Replace(l, ",\"chain\":\"[0-9a-f]+\"", string.Empty)).ToList();
                    named = "at line 1: it carries no chain value";
                    break;
                case "swap":
                    (lines[target - 1], lines[target]) = (lines[target], lines[target - 1]);
                    named = "at line " + target + ": it holds entry " + (target + 1) + " where entry " + target + " was due: entries were moved, swapped or repeated";
                    break;
                default:
                    // Another journal's key file, as fresh as one the tool makes.
                    Assert.Equal(ExitCodes.Ok, (await signed.Cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "other.jsonl", "--sandbox")).Code);
                    File.Copy(signed.Cli.Path("other.jsonl.key"), signed.Journal + ".key", overwrite: true);
                    named = "the key file was replaced";
                    break;
            }

            File.WriteAllLines(signed.Journal, lines);
            File.WriteAllLines(signed.Digests, digests);
            return named;
        }

        /// <summary>The line (from 1) of a run's opening entry.</summary>
        internal static int RunStartOf(List<string> lines, string action) =>
            lines.FindIndex(l => l.Contains("\"event\":\"run-start\"", StringComparison.Ordinal) && l.Contains("\"action\":\"" + action + "\"", StringComparison.Ordinal)) + 1;

        /// <summary>Every line's chain recomputed as the tool computes it (the in-line chain is public: only the digests' signatures need the key).</summary>
        internal static List<string> Rechain(IEnumerable<string> lines)
        {
            var link = string.Empty;
            var result = new List<string>();
            foreach (var line in lines)
            {
                var (content, _) = JournalChain.Split(line);
                link = JournalChain.PublicLink(link, content);
                result.Add(JournalChain.Seal(content, link));
            }

            return result;
        }
    }
}
