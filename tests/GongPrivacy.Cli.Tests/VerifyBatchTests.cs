using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Cli.Tests
{
    /// <summary><c>batch verify</c> against the sandbox: too early, after the delay, kept subjects, a killed run resumed.</summary>
    public class VerifyBatchTests
    {
        private static readonly string[] Subjects =
        {
            "email,verify.one@batch.example",
            "email,verify.two@batch.example",
            "email,verify.three@batch.example",
            "email,kept.back@batch.example",
            "email,verify.five@batch.example",
            "phone,+1 425 555 0177",
            "phone,+44 20 7946 0999",
            "email,verify.eight@batch.example",
        };

        private readonly ITestOutputHelper _log;

        public VerifyBatchTests(ITestOutputHelper log) => _log = log;

        [Fact]
        public async Task Verify_records_nothing_verified_too_early_then_everything_but_the_two_subjects_Gong_kept()
        {
            // Long enough that the runs before it ends (the erase, the two early verify runs, each paced at 3 calls a second
            // and waiting out the previous run's window) cannot reach it on the fake clock.
            var delay = TimeSpan.FromSeconds(60);
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => { o.ErasureDelay = delay; o.KeepSubjects = new[] { "kept.back@batch.example", "+44 20 7946 0999" }; });
            File.WriteAllText(cli.Path("subjects.csv"), "kind,value\n" + string.Join("\n", Subjects) + "\n");
            var outputs = new List<string>();

            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            outputs.Add(erase.Output);
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            var erasedAt = cli.Time.GetUtcNow();

            // Not yet due: nothing is looked up, nothing is verified.
            var notDue = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "1h");
            outputs.Add(notDue.Output);
            Assert.True(notDue.Code == ExitCodes.NotAllVerified, notDue.Output);
            Assert.Empty(gong.LookupsPerSubject());
            Assert.Equal(8, Verify(cli).Count(e => (string?)e["event"] == "skipped" && (string?)e["state"] == "accepted" && ((string?)e["detail"])!.StartsWith("erased less than 1 h ago", StringComparison.Ordinal)));

            // Due by --after, but Gong has not erased yet: every subject remains, none is verified.
            var early = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s");
            outputs.Add(early.Output);
            Assert.True(early.Code == ExitCodes.ReferencesRemain, early.Output);
            Assert.Equal(8, Ends(cli, "remaining").Count);
            Assert.Empty(Ends(cli, "verified"));

            // After the delay, on the clock the tool and the fake share: verified, except the two Gong kept, which remain
            // with counts per category.
            cli.Clock.Advance(erasedAt + delay - cli.Time.GetUtcNow());

            var after = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "8s");
            outputs.Add(after.Output);
            Assert.True(after.Code == ExitCodes.ReferencesRemain, after.Output);
            var last = Verify(cli).Skip(Verify(cli).FindLastIndex(e => (string?)e["event"] == "run-start")).Where(e => (string?)e["event"] == "end").ToList();
            var verified = last.Where(e => (string?)e["state"] == "verified").Select(e => (int)e["line"]!).OrderBy(l => l).ToList();
            var remaining = last.Where(e => (string?)e["state"] == "remaining").ToList();
            _log.WriteLine($"verified lines {string.Join(",", verified)}; remaining lines {string.Join(",", remaining.Select(e => (int)e["line"]!))}; lookups {gong.Lookups()}");
            Assert.Equal(new[] { 2, 3, 4, 6, 7, 9 }, verified);
            Assert.Equal(new[] { 5, 8 }, remaining.Select(e => (int)e["line"]!).OrderBy(l => l));
            Assert.All(remaining, e => Assert.Contains(((JObject)e["counts"]!).Properties(), p => (int)p.Value > 0));
            Assert.All(last, e => Assert.Matches("^sbx[a-z0-9]{16}$", (string?)e["requestId"]));
            Assert.Contains("References remain for 2 subjects (lines 5, 8)", after.Output);

            // A later run looks up only what is not verified.
            var before = gong.Lookups();
            var again = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "8s");
            outputs.Add(again.Output);
            Assert.True(again.Code == ExitCodes.ReferencesRemain, again.Output);
            Assert.Equal(before + 2, gong.Lookups());

            // The evidence report: the same totals in HTML, CSV and JSON; owner-only; not replaced without --force.
            var reports = new List<string>();
            foreach (var name in new[] { "evidence.html", "evidence.csv", "evidence.json" })
            {
                var written = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", name);
                outputs.Add(written.Output);
                Assert.True(written.Code == ExitCodes.Ok, written.Output);
                Assert.Empty(written.Stdout);
                reports.Add(File.ReadAllText(cli.Path(name)));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.Path(name)));
                }
            }

            var json = JObject.Parse(reports[2]);
            Assert.Equal(6, (int)json["totals"]!["verified"]!);
            Assert.Equal(2, (int)json["totals"]!["remaining"]!);
            Assert.Equal(8, (int)json["rows"]!);
            Assert.Equal(6, (int)json["timeToVerification"]!["verified"]!);
            Assert.True((double)json["timeToVerification"]!["maxSeconds"]! >= (double)json["timeToVerification"]!["medianSeconds"]!);
            var csvStates = reports[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("#", StringComparison.Ordinal)).Skip(1).Select(l => l.Split(',')[4]).ToList();
            var document = ParseStrictly(reports[0]);
            var htmlStates = document.QuerySelectorAll("td[data-state]").Select(td => td.GetAttribute("data-state")).ToList();
            foreach (var (name, page) in new[] { ("verified", "verified"), ("remaining", "remaining"), ("in-doubt", "in doubt"), ("failed", "failed"), ("invalid", "invalid"), ("accepted", "not verified") })
            {
                var total = (int)json["totals"]![name]!;
                Assert.Equal(total, csvStates.Count(s => s == page));
                Assert.Equal(total, htmlStates.Count(s => s == name));
                // The legend lists only the states that occur.
                var legend = document.GetElementById("total-" + name);
                Assert.Equal(total == 0 ? null : total.ToString(System.Globalization.CultureInfo.InvariantCulture), legend?.TextContent);
            }

            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, [src], [href]"));
            Assert.Equal(2, json["entries"]!.Count(e => (string?)e["stateName"] == "remaining" && e["remaining"]!.HasValues));
            var again2 = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");
            Assert.Equal(ExitCodes.Usage, again2.Code);
            Assert.Contains("already exists; add --force", again2.Output);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html", "--force")).Code);

            // No raw subject in the journal, in any evidence format or in any output.
            var journalText = File.ReadAllText(cli.Path("journal.jsonl"));
            foreach (var text in outputs.Concat(reports).Append(journalText))
            {
                AssertNoRawSubject(text);
            }
        }

        [Fact]
        public async Task Verify_without_the_batch_csv_or_with_another_batch_csv_says_so_in_one_line_and_sends_nothing()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Subjects.Take(3)) + "\n");
            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            var requests = gong.Received.Count;

            var missing = await cli.RunAsync("batch", "verify", "gone.csv", "--journal", "journal.jsonl");
            Assert.Equal(ExitCodes.Usage, missing.Code);
            Assert.Single(missing.Output.Trim().Split('\n'));
            Assert.Contains("error: The erase batch's CSV", missing.Output);
            Assert.Contains("restore the CSV the erase batch ran with", missing.Output);

            File.WriteAllText(cli.Path("other.csv"), "email,somebody.else@batch.example\n");
            var other = await cli.RunAsync("batch", "verify", "other.csv", "--journal", "journal.jsonl");
            Assert.Equal(ExitCodes.Journal, other.Code);
            Assert.Single(other.Output.Trim().Split('\n'));
            Assert.Contains("holds none of the subjects the journal erased", other.Output);

            File.WriteAllText(cli.Path("lookup.csv"), "email,verify.one@batch.example\n");
            var noErase = await cli.RunAsync("batch", "verify", "lookup.csv", "--journal", "fresh.jsonl");
            Assert.Equal(ExitCodes.Journal, noErase.Code);
            Assert.Contains("holds no erase", noErase.Output);
            Assert.Equal(requests, gong.Received.Count);

            var all = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s");
            Assert.True(all.Code == ExitCodes.Ok, all.Output);
            Assert.Equal(3, Ends(cli, "verified").Count);
        }

        [Fact]
        public async Task A_verify_run_killed_mid_lookup_and_resumed_looks_each_subject_up_at_most_once_more()
        {
            const int HoldAt = 4;
            // The runs are child processes, on the real clock. Their limiters do not share a window, so Gong could answer
            // the first lookups of the verify run 429 for the erase batch's last calls: not what this test is about.
            using var cli = new CliHarness { Time = TimeProvider.System };
            await using var gong = await cli.StartGongAsync(o => { o.ErasureDelay = TimeSpan.Zero; o.PermitsPerSecond = 100; });
            gong.Faults.When(call => call.IsLookup && call.OperationOrdinal == HoldAt, FakeGongFault.SlowAnswer(TimeSpan.FromHours(1))); // answered, never in time
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Subjects) + "\n");
            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);

            var args = new[] { "batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s" };
            var first = ToolProcess.Start(cli.Folder, cli.Variables, args);
            await gong.WaitForRequestAsync(r => r.Fault != null).WaitAsync(TimeSpan.FromSeconds(60));
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
            var atKill = gong.Lookups();

            var second = ToolProcess.Start(cli.Folder, cli.Variables, args.Append("--resume").ToArray());
            var code = await second.ExitAsync(TimeSpan.FromSeconds(120));
            _log.WriteLine($"lookups at kill {atKill}; lookups in all {gong.Lookups()}; per subject {string.Join(",", gong.LookupsPerSubject().Values)}; resume exit {code}");
            _log.WriteLine(second.Stderr);

            // With calls in flight, lookups after the held one may have been answered before the kill; those with an
            // outcome in the journal are not looked up again, those in flight at the kill (the held one included) once more.
            Assert.InRange(atKill, HoldAt, 8);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Equal(8, gong.LookupsPerSubject().Count);
            Assert.All(gong.LookupsPerSubject().Values, n => Assert.InRange(n, 1, 2));
            Assert.InRange(gong.Lookups(), 8 + 1, 8 + atKill);
            var entries = Verify(cli);
            Assert.Equal(8, entries.Count(e => (string?)e["event"] == "end" && (string?)e["state"] == "verified"));
            Assert.Equal(8, entries.Where(e => (string?)e["event"] == "end" && (string?)e["state"] == "verified").Select(e => (string?)e["key"]).Distinct().Count());
            Assert.Empty(second.Stdout);
            AssertNoRawSubject(first.Stderr + second.Stderr + File.ReadAllText(cli.Path("journal.jsonl")));
        }

        [Fact]
        public async Task Verify_stops_cleanly_at_the_daily_quota_counted_with_the_erase_batch_and_resumes_without_a_second_lookup()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Subjects.Take(4)) + "\n");
            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);

            // The erase used 4 of today's 6 calls: the verify run gets 2.
            var first = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s", "--daily-quota", "6");
            Assert.True(first.Code == ExitCodes.QuotaReached, first.Output);
            Assert.Equal(2, gong.Lookups());
            Assert.Contains("daily quota (6 calls, every attempt counted) is used up", first.Output);

            var resumed = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s", "--resume", "--daily-quota", "100");
            Assert.True(resumed.Code == ExitCodes.Ok, resumed.Output);
            Assert.Equal(4, gong.LookupsPerSubject().Count);
            Assert.All(gong.LookupsPerSubject().Values, n => Assert.Equal(1, n));
        }

        [Fact]
        public async Task The_embedded_sandbox_keeps_the_subjects_named_in_GONG_SANDBOX_KEEP_and_verify_lists_rows_in_doubt_with_their_remedy()
        {
            using var cli = new CliHarness { ErasureDelay = TimeSpan.FromHours(1) };
            cli.Variables["GONG_SANDBOX_ERASURE_DELAY"] = "0s";
            cli.Variables["GONG_SANDBOX_KEEP"] = "KEPT.BACK@batch.example; +44 (20) 7946-0999";
            // The erase batch ran on the first seven rows; the eighth is left as a run killed on the wire leaves it: sent, no
            // answer, then marked in doubt. It is written through the journal itself, so its chain holds.
            File.WriteAllText(cli.Path("erased.csv"), string.Join("\n", Subjects.Take(7)) + "\n");
            var erase = await cli.RunAsync("batch", "erase", "erased.csv", "--journal", "journal.jsonl", "--yes", "--sandbox");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            using (var journal = AuditJournal.Open(cli.Path("journal.jsonl"), _ => null))
            {
                var eighth = Subject.Create(SubjectKind.Email, "verify.eight@batch.example");
                foreach (var (journalEvent, state) in new[] { (JournalEvent.Start, RowState.NotSent), (JournalEvent.Sent, RowState.InDoubt), (JournalEvent.End, RowState.InDoubt) })
                {
                    journal.Append(new JournalEntry { Timestamp = DateTimeOffset.UtcNow, Event = journalEvent, State = state, Action = "erase", Line = 8, Kind = "email", Subject = eighth.Masked, Key = journal.KeyOf(eighth) });
                }
            }

            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Subjects) + "\n");
            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");
            Assert.True(verify.Code == ExitCodes.ReferencesRemain, verify.Output);
            Assert.Contains("line 4: verify email k***@b***.example: remaining", verify.Output);
            Assert.Matches(@"line 7: verify phone \+\S*0999: remaining", verify.Output);
            // The row in doubt is looked up too: Gong still holds its data, so it stays in doubt, with its remedies.
            Assert.Contains("line 8: verify email v***@b***.example: in doubt", verify.Output);
            Assert.Contains("1 erasure is in doubt (line 8)", verify.Output);
            Assert.Contains("nothing found makes a row 'erased (verified)'. Or send again with --resume --resend-in-doubt", verify.Output);
            Assert.Equal(5, Ends(cli, "verified").Count);
            Assert.Single(Ends(cli, "in-doubt"), e => (int?)e["line"] == 8);
            AssertNoRawSubject(verify.Output);
        }

        [Fact]
        public async Task A_lookup_Gong_failed_with_a_server_error_is_tried_again_by_resume()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            File.WriteAllText(cli.Path("subjects.csv"), Subjects[0] + "\n");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes")).Code);

            gong.Faults.When(call => call.IsLookup, FakeGongFault.ServerError, int.MaxValue); // every attempt, the client's retries too
            var failed = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s");
            Assert.True(failed.Code == ExitCodes.NotAllVerified, failed.Output);
            var refused = Assert.Single(Verify(cli), e => (string?)e["event"] == "end" && (string?)e["state"] == "accepted" && (int?)e["status"] == 500 && (string?)e["cause"] == "ServerError");
            Assert.Equal(gong.Received.Last(r => r.Status == 500).RequestId, (string?)refused["requestId"]);

            gong.Faults.Clear();
            var resumed = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--after", "0s", "--resume");
            Assert.True(resumed.Code == ExitCodes.Ok, resumed.Output);
            Assert.Equal(1, gong.Lookups());
        }

        /// <summary>Parses HTML with AngleSharp in strict mode: any HTML5 parse error throws.</summary>
        internal static AngleSharp.Html.Dom.IHtmlDocument ParseStrictly(string html) =>
            new AngleSharp.Html.Parser.HtmlParser(new AngleSharp.Html.Parser.HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);

        internal static void AssertNoRawSubject(string text)
        {
            Assert.DoesNotContain("@batch.example", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("555 0177", text);
            Assert.DoesNotContain("4255550177", text);
            Assert.DoesNotContain("7946 0999", text);
            Assert.DoesNotContain("2079460999", text);
        }

        private static List<JObject> Ends(CliHarness cli, string state) => Verify(cli).Where(e => (string?)e["event"] == "end" && (string?)e["state"] == state).ToList();

        private static List<JObject> Verify(CliHarness cli) =>
            File.ReadAllLines(cli.Path("journal.jsonl")).Where(l => l.StartsWith("{", StringComparison.Ordinal) && l.EndsWith("}", StringComparison.Ordinal)).Select(JObject.Parse).Where(e => (string?)e["action"] == "verify").ToList();
    }
}
