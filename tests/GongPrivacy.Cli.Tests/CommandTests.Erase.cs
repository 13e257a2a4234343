using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>Erasing: the confirmation, the dry run, the journal and verify.</summary>
    public partial class CommandTests
    {
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
    }
}
