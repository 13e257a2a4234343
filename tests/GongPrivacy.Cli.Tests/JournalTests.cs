using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The journal's lock and key, in-doubt versus not-sent, private files, and which stream gets what.</summary>
    public class JournalTests
    {
        private const string Ada = "ada.lovelace@sandbox.example";

        [Fact]
        public async Task Journals_keys_locks_reports_and_sandbox_state_are_owner_only()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Unix file modes; the CI runs on Linux.
            }

            using var cli = new CliHarness();
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("lookup", "email", Ada, "--sandbox", "-o", "report.json")).Code);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("erase", "email", Ada, "--sandbox", "--yes", "--journal", "audit.jsonl", "--approve", "crm-still-holds")).Code);
            File.WriteAllText(cli.Path("s.csv"), "email,grace.hopper@sandbox.example\n");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "s.csv", "--journal", "batch.jsonl", "--yes", "--sandbox")).Code);

            foreach (var name in new[] { "report.json", "audit.jsonl", "audit.jsonl.key", "audit.jsonl.lock", "batch.jsonl", "batch.jsonl.key", "batch.jsonl.lock", "sandbox-state.json" })
            {
                Assert.True(File.Exists(cli.Path(name)), name + " was not written");
                Assert.Equal((name, UnixFileMode.UserRead | UnixFileMode.UserWrite), (name, File.GetUnixFileMode(cli.Path(name))));
            }
        }

        [Fact]
        public async Task A_journal_in_use_by_another_run_is_refused_at_once_and_nothing_is_sent()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("s.csv"), "email,held@journal.example\n");

            CliResult refused;
            using (AuditJournal.Open(cli.Path("j.jsonl"), _ => null))
            {
                refused = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");
            }

            var after = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");

            Assert.Equal(ExitCodes.Journal, refused.Code);
            Assert.Single(refused.Stderr.Trim().Split('\n'));
            Assert.Contains("in use by another gong-privacy run", refused.Stderr);
            Assert.Equal(ExitCodes.Ok, after.Code);
            Assert.Equal(1, gong.ErasesAccepted());
        }

        [Fact]
        public async Task A_key_without_its_journal_is_never_reused_or_overwritten()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("s.csv"), "email,orphan@journal.example\n");
            File.WriteAllText(cli.Path("j.jsonl.key"), Convert.ToBase64String(new byte[32]));

            var (code, output) = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");

            Assert.Equal(ExitCodes.Journal, code);
            Assert.Contains("is not reused", output);
            Assert.Equal(Convert.ToBase64String(new byte[32]), File.ReadAllText(cli.Path("j.jsonl.key")));
            Assert.Empty(gong.Received);
        }

        [Fact]
        public async Task The_journal_records_its_keys_fingerprint_and_never_the_key()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("s.csv"), "email,print@journal.example\n");

            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes")).Code);

            var keys = JObject.Parse(File.ReadAllText(cli.Path("j.jsonl.key")));
            var pseudonym = (string)keys["pseudonymKey"]!;
            var signing = (string)keys["signingKey"]!;
            var journal = File.ReadAllText(cli.Path("j.jsonl"));
            var digests = File.ReadAllText(cli.Path("j.jsonl.digests"));
            var first = JObject.Parse(journal.Split('\n')[0]);
            Assert.Equal("journal-created", (string?)first["event"]);
            Assert.Equal(JournalKeys.Fingerprint(Convert.FromBase64String(pseudonym)), (string?)first["keyId"]);
            using var signer = System.Security.Cryptography.ECDsa.Create();
            signer.ImportPkcs8PrivateKey(Convert.FromBase64String(signing), out _);
            Assert.Equal(JournalKeys.PublicKeyId(signer), (string?)first["signingKey"]);
            foreach (var text in new[] { journal, digests })
            {
                Assert.DoesNotContain(pseudonym, text);
                Assert.DoesNotContain(signing, text);
            }
        }

        [Fact]
        public async Task An_erase_accepted_but_whose_answer_was_lost_is_in_doubt_and_never_resent_by_the_library()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            gong.Faults.When(call => call.IsErase, FakeGongFault.DropAfterAccepting(), int.MaxValue);

            var result = await cli.RunAsync("erase", "email", "lost@answer.example", "--yes", "--journal", "j.jsonl");

            Assert.Equal(ExitCodes.GongError, result.Code);
            Assert.Single(result.Stderr.Trim().Split("\n"), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains("in doubt", result.Stderr);
            Assert.Equal(1, gong.ErasesAccepted());
            Assert.Equal(FakeGongOutcome.DroppedAfterAccepting, gong.Received.Single(r => r.IsErase).Outcome);
            var events = File.ReadAllLines(cli.Path("j.jsonl")).Select(JObject.Parse).Where(e => (string?)e["action"] == "erase" && e["key"] != null).Select(e => (string?)e["event"] + ":" + (string?)e["state"]).ToList();
            Assert.Equal(new[] { "start:not-sent", "sent:in-doubt", "answered:in-doubt", "end:in-doubt" }, events.Skip(5));
        }

        [Fact]
        public async Task In_doubt_rows_are_never_counted_as_done_in_later_runs()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            gong.Faults.ForSubject("dropped@doubt.example", FakeGongFault.DropAfterAccepting(), int.MaxValue);
            File.WriteAllText(cli.Path("s.csv"), "email,fine@doubt.example\nemail,dropped@doubt.example\n");

            var first = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");
            var second = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes", "--resume");
            var third = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes", "--resume");

            Assert.Equal(ExitCodes.BatchIncomplete, first.Code);
            Assert.Equal(ExitCodes.BatchIncomplete, second.Code);
            Assert.Equal(ExitCodes.BatchIncomplete, third.Code);
            foreach (var run in new[] { second, third })
            {
                Assert.Contains("2 settled by earlier runs", run.Stderr);
                Assert.Contains("line 2: erase email d***@d***.example: in doubt from an earlier run; not sent again", run.Stderr);
                Assert.Matches(@"not verified\s+│\s+1", run.Stderr);
                Assert.Matches(@"in doubt\s+│\s+1", run.Stderr);
                Assert.Contains("--resend-in-doubt", run.Stderr);
            }

            Assert.Equal(2, gong.ErasesAccepted());
        }

        [Fact]
        public async Task An_erase_whose_connection_was_refused_is_not_sent_not_in_doubt()
        {
            var closed = new TcpListener(IPAddress.Loopback, 0);
            closed.Start();
            var port = ((IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop();
            using var cli = new CliHarness();
            cli.Variables["GONG_ACCESS_KEY"] = "k";
            cli.Variables["GONG_ACCESS_KEY_SECRET"] = "s";
            cli.Variables["GONG_BASE_URL"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/";
            File.WriteAllText(cli.Path("s.csv"), "email,refused@journal.example\n");

            var result = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");

            Assert.Equal(ExitCodes.GongError, result.Code);
            Assert.Contains("connection refused", result.Stderr);
            var ends = File.ReadAllLines(cli.Path("j.jsonl")).Select(JObject.Parse).Where(e => (string?)e["event"] is "answered" or "end").ToList();
            Assert.All(ends, e => Assert.Equal("not-sent", (string?)e["state"]));
            Assert.Equal("NoConnection", (string?)ends[^1]["cause"]);
        }

        [Fact]
        public async Task Ctrl_C_while_waiting_out_a_429_leaves_the_row_not_sent_and_names_resume()
        {
            // A clock only the test moves: Ctrl-C comes once the tool has started waiting out the 30-second Retry-After.
            var clock = new WatchedClock();
            using var cli = new CliHarness { Time = clock };
            await using var gong = await cli.StartGongAsync();
            gong.Faults.When(call => call.IsErase, FakeGongFault.RateLimited(TimeSpan.FromSeconds(30)), int.MaxValue);
            File.WriteAllText(cli.Path("s.csv"), "email,waiting@journal.example\n");
            using var stop = new System.Threading.CancellationTokenSource();
            var waiting = clock.WaitStartedAsync(TimeSpan.FromSeconds(30));

            var run = cli.RunAsync(stop.Token, "batch", "erase", "s.csv", "--journal", "j.jsonl", "--yes");
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            stop.Cancel();
            var result = await run;

            Assert.Equal(ExitCodes.SigInt, result.Code);
            Assert.Contains("--resume", result.Stderr.Trim().Split('\n').Last());
            Assert.Equal(0, gong.ErasesAccepted());
            // Sent and refused (429), then interrupted while the library waited to send it again: Gong did not act on it.
            var rows = File.ReadAllLines(cli.Path("j.jsonl")).Select(JObject.Parse).Where(e => e["key"] != null).ToList();
            Assert.Equal("end", (string?)rows[^1]["event"]);
            Assert.Equal("refused", (string?)rows[^1]["state"]);
            Assert.Equal(429, (int?)rows[^1]["status"]);
            Assert.DoesNotContain(rows, e => (string?)e["event"] is "answered" or "end" && (string?)e["state"] == "in-doubt");
            Assert.Contains(File.ReadAllLines(cli.Path("j.jsonl")).Select(JObject.Parse), e => (string?)e["event"] == "answered" && (int?)e["status"] == 429);
        }

        [Fact]
        public async Task Lookup_with_a_format_and_no_output_file_writes_exactly_that_format_to_stdout()
        {
            using var cli = new CliHarness();

            var csv = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "--format", "csv");
            var json = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "--format", "json");

            Assert.Equal(ExitCodes.Ok, csv.Code);
            Assert.StartsWith("category,item,field,value\n", csv.Stdout);
            Assert.DoesNotContain("│", csv.Stdout);
            Assert.Matches(@"emails\s+│\s+3", csv.Stderr);
            Assert.Equal(3, (JObject.Parse(json.Stdout)["emails"] as JArray)!.Count);
            Assert.Contains("most recent", json.Stderr);
        }

        [Fact]
        public async Task An_unknown_command_gives_one_error_with_the_usage()
        {
            using var cli = new CliHarness();

            var result = await cli.RunAsync("purge", "email", Ada);

            Assert.Equal(ExitCodes.Usage, result.Code);
            var line = Assert.Single(result.Stderr.Trim().Split('\n'));
            Assert.Contains("Unrecognized command or argument 'purge'", line);
            Assert.Contains("Usage: gong-privacy", line);
            Assert.DoesNotContain(Ada, line);
            Assert.Equal(string.Empty, result.Stdout);
        }

        [Fact]
        public async Task An_existing_report_is_replaced_only_with_force()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("r.json"), "keep");

            var refused = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "-o", "r.json");
            var forced = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "-o", "r.json", "--force");

            Assert.Equal(ExitCodes.Usage, refused.Code);
            Assert.Equal(ExitCodes.Ok, forced.Code);
            Assert.Equal(3, (JObject.Parse(File.ReadAllText(cli.Path("r.json")))["emails"] as JArray)!.Count);
            Assert.Single(Directory.GetFiles(cli.Folder, "*r.json*"));
        }
    }
}
