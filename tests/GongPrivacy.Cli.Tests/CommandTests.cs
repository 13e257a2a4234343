using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>Every command in-process: exit codes and the shape of the output.</summary>
    public class CommandTests
    {
        private const string Ada = "ada.lovelace@sandbox.example";
        private const string AdaMasked = "a***@s***.example";

        [Fact]
        public async Task Lookup_email_prints_counts_per_category_and_the_most_recent_items_masked()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("lookup", "email", Ada, "--sandbox");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Gong references to email " + AdaMasked + " at the embedded sandbox", output);
            Assert.Matches(@"emails\s+│\s+3", output);
            Assert.Matches(@"engagement events\s+│\s+2", output);
            Assert.Contains("most recent", output);
            Assert.DoesNotContain(Ada, output);
        }

        [Fact]
        public async Task Lookup_phone_prints_the_phone_categories()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("lookup", "phone", "+1 206 555 0100", "--sandbox");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("phone +1******0100", output);
            Assert.Matches(@"matching numbers\s+│\s+1", output);
            Assert.DoesNotContain("555 0100", output);
        }

        [Fact]
        public async Task Lookup_writes_the_full_json_report_for_the_access_request()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "--output", "report.json");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Full result (json) written to", output);
            var report = JObject.Parse(File.ReadAllText(cli.Path("report.json")));
            Assert.Equal(3, ((JArray)report["emails"]!).Count);
            Assert.Equal(Ada, (string?)report["emails"]![0]!["from"]);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.Path("report.json")));
            }
        }

        [Fact]
        public async Task Lookup_writes_csv_when_asked()
        {
            using var cli = new CliHarness();

            var (code, _) = await cli.RunAsync("lookup", "email", Ada, "--sandbox", "--output", "report.csv", "--format", "csv");

            Assert.Equal(ExitCodes.Ok, code);
            var lines = File.ReadAllLines(cli.Path("report.csv"));
            Assert.Equal("category,item,field,value", lines[0]);
            Assert.Equal(3, lines.Where(l => l.StartsWith("emails,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).Distinct().Count());
            Assert.Equal(3, lines.Count(l => l.StartsWith("calls,", StringComparison.Ordinal) && l.Split(',')[2] == "id"));
            Assert.Contains(lines, l => l.StartsWith("emails,1,messageHash,", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("customerData,1,objects[0].mirrorId,", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("customerEngagement,1,contentUrl,https://", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("lookup", "email", "not-an-address")]
        [InlineData("lookup", "phone", "425 555 2671")]
        [InlineData("verify", "email", "two@@example.com")]
        [InlineData("erase", "fax", "+1 425 555 2671")]
        public async Task Bad_subjects_and_kinds_give_one_line_and_exit_2(string command, string kind, string value)
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync(command, kind, value, "--sandbox");

            Assert.Equal(ExitCodes.Usage, code);
            Assert.StartsWith("error: ", output);
            Assert.Single(output.Trim().Split('\n'));
            Assert.DoesNotContain(value, output);
        }

        [Fact]
        public async Task Erase_without_yes_on_a_non_interactive_console_erases_nothing()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("erase", "email", Ada, "--sandbox", "--approve", "crm-still-holds");

            Assert.Equal(ExitCodes.NotConfirmed, code);
            Assert.Contains("This is what an erasure removes", output);
            Assert.Contains("Not confirmed; nothing was erased", output);
            Assert.Equal(ExitCodes.ReferencesRemain, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code);
            var declined = File.ReadAllLines(cli.Path("gong-privacy-audit.jsonl")).Select(JObject.Parse).ToList();
            Assert.Contains(declined, e => (string?)e["event"] == "skipped" && (string?)e["detail"] == "not confirmed: there was no terminal to ask on");
            Assert.Contains(declined, e => (string?)e["event"] == "run-end" && (string?)e["stop"] == "declined");
        }

        [Fact]
        public async Task Answering_no_is_not_an_error_it_says_nothing_erased_and_keeps_exit_7()
        {
            using var cli = new CliHarness { Confirm = _ => false };
            File.WriteAllText(cli.Path("s.csv"), "email," + Ada + "\n");

            var single = await cli.RunAsync("erase", "email", Ada, "--sandbox", "--journal", "audit.jsonl", "--approve", "crm-still-holds");
            var batch = await cli.RunAsync("batch", "erase", "s.csv", "--journal", "batch.jsonl", "--sandbox");

            foreach (var run in new[] { single, batch })
            {
                Assert.Equal(ExitCodes.NotConfirmed, run.Code);
                Assert.Contains("Nothing erased.", run.Stderr);
                Assert.DoesNotContain("error:", run.Stderr);
                Assert.Empty(run.Stdout);
            }
        }

        [Fact]
        public async Task The_deprecated_action_form_still_runs_with_a_warning_on_stderr()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("s.csv"), "email," + Ada + "\n");

            var run = await cli.RunAsync("batch", "s.csv", "--action", "lookup", "--journal", "j.jsonl", "--sandbox");

            Assert.Equal(ExitCodes.Ok, run.Code);
            Assert.StartsWith("warning: 'batch <subjects.csv> --action lookup' is deprecated", run.Stderr);
            Assert.Contains("use 'gong-privacy batch lookup <subjects.csv>'", run.Stderr);
            Assert.Empty(run.Stdout);
        }

        [Fact]
        public async Task Erase_dry_run_sends_no_erase_and_records_it()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("erase", "email", Ada, "--sandbox", "--dry-run", "--journal", "audit.jsonl");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Dry run: no erase was sent.", output);
            var entries = File.ReadAllLines(cli.Path("audit.jsonl")).Select(JObject.Parse).ToList();
            Assert.Equal("dry-run", (string?)entries[^1]["stop"]);
            var entry = entries[^2];
            Assert.Equal("skipped", (string?)entry["event"]);
            Assert.Equal(AdaMasked, (string?)entry["subject"]);
            Assert.DoesNotContain(entries, e => (string?)e["action"] == "erase" && (string?)e["event"] == "sent" && (string?)e["state"] == "in-doubt");
            Assert.Equal(ExitCodes.ReferencesRemain, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code);
        }

        [Fact]
        public async Task Erase_confirmed_prints_the_request_id_journals_it_and_verify_goes_from_3_to_0()
        {
            using var cli = new CliHarness { Confirm = question => question.Contains(AdaMasked, StringComparison.Ordinal), ErasureDelay = TimeSpan.FromSeconds(2) };

            var (code, output) = await cli.RunAsync("erase", "email", Ada, "--sandbox", "--journal", "audit.jsonl", "--approve", "crm-still-holds");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Matches("Gong accepted the erasure: request id sbx[a-z0-9]{16}", output);
            Assert.Contains("Check later: run 'gong-privacy verify email' with the same address and journal and --sandbox.", output);
            Assert.DoesNotContain("<value>", output);
            var journal = File.ReadAllLines(cli.Path("audit.jsonl")).Select(JObject.Parse).ToList();
            // The run opens as a batch's does, lists its row, looks the subject up (shown before the question), then erases.
            Assert.Equal(
                new[] { "journal-created:", "run-start:", "row:pending", "start:pending", "sent:pending", "answered:pending", "end:found", "approved:", "start:not-sent", "sent:in-doubt", "answered:in-doubt", "end:accepted", "run-end:" },
                journal.Select(e => (string?)e["event"] + ":" + (string?)e["state"]));
            Assert.Equal(new[] { "crm-still-holds" }, journal[7]["flags"]!.Select(f => (string?)f));
            Assert.Equal(Environment.UserName, (string?)journal[7]["operator"]);
            Assert.StartsWith("sbx", (string?)journal[11]["requestId"]);
            Assert.Equal(200, (int?)journal[10]["status"]);
            Assert.Equal("Success", (string?)journal[10]["gongOutcome"]);
            Assert.Equal("sandbox", (string?)journal[1]["environment"]);
            Assert.DoesNotContain(Ada, File.ReadAllText(cli.Path("audit.jsonl")));

            var (remaining, remainingOutput) = await cli.RunAsync("verify", "email", Ada, "--sandbox");
            Assert.Equal(ExitCodes.ReferencesRemain, remaining);
            Assert.Contains("References remain", remainingOutput);

            cli.Clock.Advance(cli.ErasureDelay); // the sandbox runs on the run's clock: no real wait
            var (verified, verifiedOutput) = await cli.RunAsync("verify", "email", Ada, "--sandbox");
            Assert.Equal(ExitCodes.Ok, verified);
            Assert.Contains("Verified: no references remain.", verifiedOutput);

            // Both verifies went to the default journal; given the erase's journal, a verify settles its row there.
            var settled = await cli.RunAsync("verify", "email", Ada, "--sandbox", "--journal", "audit.jsonl");
            Assert.Equal(ExitCodes.Ok, settled.Code);
            var last = File.ReadAllLines(cli.Path("audit.jsonl")).Select(JObject.Parse).Last(e => (string?)e["event"] == "end");
            Assert.Equal("verified", (string?)last["state"]);
            Assert.Equal("verify", (string?)last["action"]);
        }

        [Fact]
        public async Task Erase_with_yes_needs_no_question()
        {
            using var cli = new CliHarness { Confirm = _ => throw new InvalidOperationException("must not ask") };

            var (code, output) = await cli.RunAsync("erase", "phone", "+1 206 555 0100", "--sandbox", "--yes", "--approve", "crm-still-holds");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Gong accepted the erasure", output);
        }

        [Fact]
        public async Task Missing_credentials_give_one_clear_line_and_exit_4()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("lookup", "email", Ada);

            Assert.Equal(ExitCodes.Credentials, code);
            Assert.Equal("error: No Gong credentials: set GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN, or GONG_OAUTH_CLIENT_ID, GONG_OAUTH_CLIENT_SECRET and GONG_OAUTH_TOKEN_FILE (or try --sandbox).", output.Trim());
        }

        [Fact]
        public async Task Half_an_access_key_is_refused()
        {
            using var cli = new CliHarness();
            cli.Variables["GONG_ACCESS_KEY"] = "key-only";

            var (code, output) = await cli.RunAsync("lookup", "email", Ada);

            Assert.Equal(ExitCodes.Credentials, code);
            Assert.Contains("GONG_ACCESS_KEY_SECRET is not set", output);
        }

        [Fact]
        public async Task Credentials_gong_refuses_give_exit_4_without_a_stack_trace()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => { o.AccessKey = "the-key"; o.AccessKeySecret = "the-secret"; });
            cli.Variables["GONG_ACCESS_KEY"] = "wrong-key";
            cli.Variables["GONG_ACCESS_KEY_SECRET"] = "wrong-secret";

            var (code, output) = await cli.RunAsync("verify", "email", Ada);

            Assert.Equal(ExitCodes.Credentials, code);
            Assert.StartsWith("error: Gong denied access", output);
            Assert.Contains(gong.Received.Single().RequestId!, output);
            Assert.Equal(401, gong.Received.Single().Status);
            Assert.DoesNotContain(" at ", output);
            Assert.DoesNotContain("wrong-secret", output);
        }

        [Theory]
        [InlineData("--access-key-secret", "s3cret")]
        [InlineData("--bearer-token", "t0ken")]
        [InlineData("--secret=s3cret", null)]
        public async Task A_secret_on_the_command_line_is_refused(string option, string? value)
        {
            using var cli = new CliHarness();
            var args = value == null ? new[] { "lookup", "email", Ada, option } : new[] { "lookup", "email", Ada, option, value };

            var (code, output) = await cli.RunAsync(args);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("Secrets are not taken on the command line", output);
            Assert.DoesNotContain("s3cret", output);
        }

        [Fact]
        public async Task An_http_base_url_to_a_remote_host_is_refused()
        {
            using var cli = new CliHarness();
            cli.Variables["GONG_BEARER_TOKEN"] = "token";

            var (code, output) = await cli.RunAsync("lookup", "email", Ada, "--base-url", "http://api.gong.io");

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("must use https", output);
        }

        [Fact]
        public async Task Unknown_commands_and_actions_give_exit_2()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("s.csv"), "email," + Ada + "\n");

            Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("purge", "email", Ada)).Code);
            var (code, output) = await cli.RunAsync("batch", "s.csv", "--action", "delete", "--journal", "j.jsonl", "--sandbox");
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("delete", output);
            Assert.False(File.Exists(cli.Path("j.jsonl")));
        }

        [Fact]
        public async Task Help_lists_the_commands()
        {
            using var cli = new CliHarness();

            var (code, output) = await cli.RunAsync("--help");

            Assert.Equal(ExitCodes.Ok, code);
            foreach (var command in new[] { "lookup", "erase", "verify", "batch", "report", "sandbox", "demo" })
            {
                Assert.Contains(command, output);
            }

            var (batchCode, batchHelp) = await cli.RunAsync("batch", "--help");
            Assert.Equal(ExitCodes.Ok, batchCode);
            Assert.Contains("through a plan, erase, lookup or verify", batchHelp);
            foreach (var subcommand in new[] { "plan", "erase", "lookup", "verify" })
            {
                Assert.Contains(subcommand, batchHelp);
            }

            // The deprecated form's optional CSV argument is hidden: a subcommand's help names its CSV once.
            var (lookupCode, lookupHelp) = await cli.RunAsync("batch", "lookup", "--help");
            Assert.Equal(ExitCodes.Ok, lookupCode);
            Assert.Contains(" batch lookup <subjects.csv> [options]", lookupHelp);
            Assert.Equal(2, Regex.Matches(lookupHelp, "<subjects.csv>").Count); // the usage line and the one argument
            Assert.DoesNotContain("[<subjects.csv>]", lookupHelp);

            // An erase names its CSV through its plan: the argument is optional there, and still named once.
            var (eraseCode, eraseHelp) = await cli.RunAsync("batch", "erase", "--help");
            Assert.Equal(ExitCodes.Ok, eraseCode);
            Assert.Contains(" batch erase [<subjects.csv>] [options]", eraseHelp);
            Assert.Equal(2, Regex.Matches(eraseHelp, "<subjects.csv>").Count);
            Assert.Contains("--plan", eraseHelp);
            Assert.Contains("--approve", eraseHelp);
        }

        [Fact]
        public async Task Demo_runs_a_complete_request()
        {
            using var cli = new CliHarness { ErasureDelay = TimeSpan.FromSeconds(2) };

            var (code, output) = await cli.RunAsync("demo");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("verify exit code: 3", output);
            Assert.Contains("Demo complete", output);
            Assert.True(File.Exists(cli.Path("gong-privacy-demo/report.json")));
            Assert.Contains("\"event\":\"end\",\"run\"", File.ReadAllText(cli.Path("gong-privacy-demo/audit.jsonl")));
            Assert.Contains("\"state\":\"accepted\"", File.ReadAllText(cli.Path("gong-privacy-demo/audit.jsonl")));
            Assert.Contains("Evidence report written to " + cli.Path("gong-privacy-demo/evidence.html"), output);
            var evidence = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("gong-privacy-demo/evidence.html")));
            Assert.Equal("1", evidence.GetElementById("total-verified")!.TextContent);
        }

        [Fact]
        public async Task Sandbox_serve_keeps_a_tenant_running_for_other_code_until_cancelled()
        {
            using var cli = new CliHarness();
            using var stop = new CancellationTokenSource();
            var port = FreePort();

            var run = cli.RunAsync(stop.Token, "sandbox", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await cli.WaitForOutputAsync(text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the sandbox did not start");

            var client = GongDataPrivacy.CreateClient(GongCredential.FromAccessKey("any", "thing"), new Uri("http://127.0.0.1:" + port));
            var data = await client.GetDataForEmailAddressAsync(Ada);
            stop.Cancel();
            var (code, output) = await run;

            Assert.Equal(3, data.Emails.Count);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Sandbox Gong at http://127.0.0.1:" + port + "/v2/", output);
        }

        [Fact]
        public async Task Sandbox_reset_and_serve_fresh_bring_the_sample_subjects_back_after_an_erase()
        {
            using var cli = new CliHarness();
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("erase", "email", Ada, "--sandbox", "--yes", "--approve", "crm-still-holds")).Code);
            cli.Clock.Advance(cli.ErasureDelay);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code); // erased, for every later run

            var reset = await cli.RunAsync("sandbox", "reset");

            Assert.Equal(ExitCodes.Ok, reset.Code);
            Assert.Contains("hold their data again", reset.Stderr);
            Assert.Equal(ExitCodes.ReferencesRemain, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code);

            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("erase", "email", Ada, "--sandbox", "--yes", "--approve", "crm-still-holds")).Code);
            cli.Clock.Advance(cli.ErasureDelay);
            Assert.Empty((await LookUpThroughServeAsync(cli)).Emails);
            Assert.Equal(3, (await LookUpThroughServeAsync(cli, "--fresh")).Emails.Count);
        }

        /// <summary>Runs 'sandbox serve', looks Ada up through it with the library, and stops it.</summary>
        private static async Task<EmailAddressReferences> LookUpThroughServeAsync(CliHarness cli, params string[] options)
        {
            using var stop = new CancellationTokenSource();
            var port = FreePort();
            var run = cli.RunAsync(stop.Token, new[] { "sandbox", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(options).ToArray());
            await cli.WaitForOutputAsync(text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the sandbox did not start");
            using var client = GongDataPrivacy.CreateClient(GongCredential.FromAccessKey("any", "thing"), new Uri("http://127.0.0.1:" + port));
            var data = await client.GetDataForEmailAddressAsync(Ada);
            stop.Cancel();
            Assert.Equal(ExitCodes.Ok, (await run).Code);
            return data;
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
