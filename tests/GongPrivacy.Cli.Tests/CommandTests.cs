using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>Every command in-process: exit codes and the shape of the output.</summary>
    public partial class CommandTests
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
    }
}
