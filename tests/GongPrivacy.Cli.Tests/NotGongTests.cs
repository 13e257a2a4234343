using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Only Gong's answers count as Gong's, through the tool: a redirect (never followed: one request on the wire) or a 200
    /// that is not Gong's JSON (a sign-in page, a gateway's <c>{}</c>) is the documented error, and no row is journaled as
    /// accepted or verified for it. An OAuth customer host that is not Gong's is refused before any call.
    /// </summary>
    public class NotGongTests
    {
        private const string Subject = "proxied@notgong.example";

        [Theory]
        [InlineData(301)]
        [InlineData(302)]
        [InlineData(307)]
        public async Task A_redirected_erase_is_one_request_in_doubt_never_accepted_and_the_batch_stops_naming_the_host(int status)
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            gong.Faults.When(call => call.IsErase, FakeGongFault.Redirect(status, new Uri("https://sso.example.net/login?next=%2Fv2")), int.MaxValue);
            File.WriteAllText(cli.Path("subjects.csv"), "email," + Subject + "\nemail,second@notgong.example\n");

            var run = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--yes", "--max-in-flight", "1");

            Assert.Equal(ExitCodes.GongError, run.Code);
            Assert.Single(gong.Received); // not followed, not sent again, and the batch stopped before the next row
            Assert.Equal("POST", gong.Received[0].Method);
            var error = run.Stderr.Trim().Split('\n').Last();
            Assert.StartsWith("error: The base URL redirects (HTTP " + status + ") to https://sso.example.net:", error);
            Assert.Contains("resume it with --resume once the base URL is right", error, StringComparison.OrdinalIgnoreCase);
            var ends = Ends(cli);
            Assert.Equal("in-doubt", (string?)Assert.Single(ends)["state"]);
            Assert.Equal("NotGongsAnswer", (string?)ends[0]["cause"]);
            Assert.DoesNotContain(Entries(cli), e => (string?)e["state"] is "accepted" or "verified");
            Assert.Contains(Entries(cli), e => (string?)e["event"] == "run-end" && (string?)e["stop"] == "not-gong");
        }

        [Theory]
        [InlineData(301)]
        [InlineData(302)]
        [InlineData(307)]
        public async Task A_redirected_lookup_is_one_request_and_the_documented_error(int status)
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            gong.Faults.Next(FakeGongFault.Redirect(status, new Uri("https://sso.example.net/login")), int.MaxValue);

            var run = await cli.RunAsync("lookup", "email", Subject);

            Assert.Equal(ExitCodes.GongError, run.Code);
            Assert.Single(gong.Received);
            Assert.Equal("error: The base URL redirects (HTTP " + status + ") to https://sso.example.net: that is not Gong's API answering, so the redirect is not followed. Use your tenant's API host (Gong shows it on its API page), such as https://us-12345.api.gong.io. HTTP " + status + ", Gong request id (none).", run.Stderr.Trim());
            Assert.Empty(run.Stdout);
        }

        [Theory]
        [InlineData("sign-in page")]
        [InlineData("{}")]
        public async Task A_200_that_is_not_gongs_answer_neither_accepts_an_erase_nor_verifies_a_subject(string kind)
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync(o => o.ErasureDelay = TimeSpan.Zero);
            var fault = kind == "{}" ? FakeGongFault.EmptyJson : FakeGongFault.SignInPage;
            File.WriteAllText(cli.Path("subjects.csv"), "email," + Subject + "\n");

            // The erase: in doubt (what answered may have passed it on), never accepted; not sent again by the library.
            gong.Faults.When(call => call.IsErase, fault, int.MaxValue);
            var erase = await cli.RunAsync("erase", "email", Subject, "--yes", "--journal", "j.jsonl");
            Assert.Equal(ExitCodes.GongError, erase.Code);
            Assert.Contains("What answered is not Gong: a 200 with " + (kind == "{}" ? "application/json, 2 bytes" : "text/html"), erase.Stderr);
            Assert.Equal(1, gong.Received.Count(r => r.IsErase));
            Assert.Equal("in-doubt", (string?)Ends(cli).Last()["state"]);

            // The verify: not "nothing remains"; the row stays in doubt, and the exit code is not 0.
            gong.Faults.Clear();
            gong.Faults.When(call => call.IsLookup, fault, int.MaxValue);
            var verify = await cli.RunAsync("verify", "email", Subject, "--journal", "j.jsonl");
            Assert.Equal(ExitCodes.GongError, verify.Code);
            Assert.DoesNotContain("Verified", verify.Output);
            Assert.Equal("in-doubt", (string?)Ends(cli).Last()["state"]);
            Assert.DoesNotContain(Entries(cli), e => (string?)e["state"] is "accepted" or "verified" or "erased-verified");
            Assert.DoesNotContain("<html", erase.Output + verify.Output, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task A_token_file_naming_a_foreign_customer_host_is_refused_before_any_call()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = new CliHarness();
            var tokenFile = cli.Path("tokens.json");
            cli.Variables["GONG_OAUTH_CLIENT_ID"] = FakeGongOAuth.ClientId;
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = FakeGongOAuth.ClientSecret;
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();
            cli.Variables["GONG_OAUTH_TOKEN_FILE"] = tokenFile;
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(null, new GongOAuthTokens("access-not-real", "refresh-not-real", cli.Time.GetUtcNow().AddHours(1), "https://evil.example"), default));

            var run = await cli.RunAsync("lookup", "email", Subject);

            Assert.Equal(ExitCodes.Credentials, run.Code);
            Assert.Equal("error: The OAuth tokens name https://evil.example as the customer's API host, which is not Gong's (gong.io or a host under it): the token and the subject are not sent there, and nothing was sent.", run.Stderr.Trim().Split(" Authorize the app again")[0]);
            Assert.Empty(sandbox.Received);
        }

        [Fact]
        public async Task A_customer_host_that_a_refresh_moves_during_a_run_is_journaled_and_in_the_evidence()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = new CliHarness { Time = sandbox.Time };
            var tokenFile = cli.Path("tokens.json");
            cli.Variables["GONG_OAUTH_CLIENT_ID"] = FakeGongOAuth.ClientId;
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = FakeGongOAuth.ClientSecret;
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();
            cli.Variables["GONG_OAUTH_TOKEN_FILE"] = tokenFile;
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: cli.Time);
            var issued = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), new GongFileTokenStore(tokenFile));

            // The stored tokens name an older host and have expired: the run opens on it, the refresh names the sandbox.
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(issued.RefreshToken, new GongOAuthTokens(issued.AccessToken, issued.RefreshToken, cli.Time.GetUtcNow().AddMinutes(-1), "http://127.0.0.1:9"), default));
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");

            var run = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "j.jsonl");

            Assert.True(run.Code == ExitCodes.Ok, run.Output);
            var moved = Assert.Single(Entries(cli), e => (string?)e["event"] == "host-changed");
            Assert.Equal(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority), (string?)moved["host"]);
            Assert.Contains("instead of http://127.0.0.1:9", (string?)moved["detail"]);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "j.jsonl", "--output", "evidence.json")).Code);
            Assert.Contains(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority), (string?)JObject.Parse(File.ReadAllText(cli.Path("evidence.json")))["facts"]!["host"]);
        }

        private static JArray Entries(CliHarness cli) => new JArray(File.ReadAllLines(cli.Path("j.jsonl")).Select(JObject.Parse));

        private static System.Collections.Generic.List<JObject> Ends(CliHarness cli) => Entries(cli).Cast<JObject>().Where(e => (string?)e["event"] == "end" && (string?)e["action"] == "erase" && (string?)e["state"] != "found").ToList();
    }
}
