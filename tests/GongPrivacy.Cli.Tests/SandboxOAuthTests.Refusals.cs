using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// When authorization or a token fails: another state, a refusal in the browser, a refused code, no answer, Ctrl+C,
    /// the authorization page's checks, a refused refresh token, a token endpoint out of reach.
    /// </summary>
    public partial class SandboxOAuthTests
    {
        [Fact]
        public async Task A_callback_with_another_state_is_refused_its_code_never_spent_and_the_wait_goes_on()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            var login = cli.RunAsync("oauth", "login", "--redirect-port", "0", "--timeout", "10m");
            var url = await AuthorizationUrlAsync(cli);
            var callback = Parameter(url, "redirect_uri");

            // A forged link: a code the administrator never gave this run, with a state that is not this run's.
            var forged = sandbox.OAuth.IssueCode();
            using var browser = new HttpClient();
            var refused = await browser.GetAsync(callback + "?code=" + forged + "&state=not-this-run");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(0, sandbox.OAuth.CodesExchanged);
            Assert.False(login.IsCompleted);

            // The real answer still ends the wait, once.
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(url)).StatusCode);
            var result = await login;
            Assert.Equal(ExitCodes.Ok, result.Code);
            Assert.Contains("warning: a callback with another state was refused; still waiting.", result.Stderr);
            Assert.Equal(1, sandbox.OAuth.CodesExchanged);

            // The forged code was never spent: it is still good for one exchange.
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: cli.Time);
            await oauth.ExchangeCodeAsync(forged, new Uri(callback), new GongInMemoryTokenStore());
            Assert.Equal(2, sandbox.OAuth.CodesExchanged);
        }

        [Fact]
        public async Task A_refusal_in_the_browser_is_exit_4_in_one_line_and_stores_nothing()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            var login = cli.RunAsync("oauth", "login", "--redirect-port", "0");
            var url = await AuthorizationUrlAsync(cli);
            using var browser = new HttpClient();

            var page = await browser.GetAsync(Parameter(url, "redirect_uri") + "?error=access_denied&state=" + Uri.EscapeDataString(Parameter(url, "state")));

            Assert.Contains("Gong did not authorize the app", await page.Content.ReadAsStringAsync());
            var result = await login;
            Assert.Equal(ExitCodes.Credentials, result.Code);
            Assert.EndsWith("error: Gong did not authorize the app (access_denied); nothing was stored. Run 'gong-privacy oauth login' again, as a Gong technical administrator.", result.Stderr.TrimEnd());
            Assert.False(File.Exists(cli.Variables["GONG_OAUTH_TOKEN_FILE"]));
            Assert.Equal(0, sandbox.OAuth.CodesExchanged);
        }

        [Fact]
        public async Task A_code_the_token_endpoint_refuses_is_exit_4_and_stores_nothing()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = "not-the-sandbox-secret";
            var login = cli.RunAsync("oauth", "login", "--redirect-port", "0");
            var url = await AuthorizationUrlAsync(cli);
            using var browser = new HttpClient();

            Assert.Contains("could not be exchanged", await (await browser.GetAsync(url)).Content.ReadAsStringAsync());
            var result = await login;

            Assert.Equal(ExitCodes.Credentials, result.Code);
            Assert.Contains("error: Gong's token endpoint refused the request (HTTP 401, invalid_client). Check the client id and secret.", result.Stderr);
            Assert.DoesNotContain("not-the-sandbox-secret", result.Output);
            Assert.False(File.Exists(cli.Variables["GONG_OAUTH_TOKEN_FILE"]));
        }

        [Fact]
        public async Task No_answer_within_the_timeout_is_exit_4_and_stores_nothing()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);

            var result = await cli.RunAsync("oauth", "login", "--redirect-port", "0", "--timeout", "1s");

            Assert.Equal(ExitCodes.Credentials, result.Code);
            Assert.EndsWith("error: No authorization came back within 1 s; nothing was stored. Run 'gong-privacy oauth login' again (--timeout waits longer).", result.Stderr.TrimEnd());
            Assert.False(File.Exists(cli.Variables["GONG_OAUTH_TOKEN_FILE"]));
        }

        [Fact]
        public async Task Ctrl_C_while_waiting_is_exit_130_and_stores_nothing()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            using var stop = new CancellationTokenSource();
            var login = cli.RunAsync(stop.Token, "oauth", "login", "--redirect-port", "0");
            var url = await AuthorizationUrlAsync(cli);

            stop.Cancel();
            var result = await login;

            Assert.Equal(ExitCodes.SigInt, result.Code);
            Assert.EndsWith("error: Interrupted by SIGINT while waiting for the authorization; nothing was stored.", result.Stderr.TrimEnd());
            Assert.False(File.Exists(cli.Variables["GONG_OAUTH_TOKEN_FILE"]));
            using var browser = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => browser.GetAsync(url)); // the listener is gone: the callback is refused
            Assert.Equal(0, sandbox.OAuth.CodesExchanged);
        }

        [Fact]
        public async Task The_sandbox_authorization_page_sends_a_browser_only_to_loopback_and_binds_the_code_to_the_redirect()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, authorizeEndpoint: sandbox.AuthorizeEndpoint);

            var offMachine = await browser.GetAsync(oauth.GetAuthorizationUri(new Uri("https://attacker.example/callback"), FakeGongOAuth.Scope, "s1"));
            Assert.Equal(HttpStatusCode.BadRequest, offMachine.StatusCode);
            Assert.Null(offMachine.Headers.Location);

            var unknownClient = await browser.GetAsync(new GongOAuthClient("someone-else", "x", sandbox.TokenEndpoint, authorizeEndpoint: sandbox.AuthorizeEndpoint).GetAuthorizationUri(new Uri("http://127.0.0.1:1/cb"), FakeGongOAuth.Scope, "s2"));
            Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);

            var consent = await browser.GetAsync(oauth.GetAuthorizationUri(new Uri("http://127.0.0.1:1/cb"), FakeGongOAuth.Scope, "s 3"));
            Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
            var back = consent.Headers.Location!;
            Assert.StartsWith("http://127.0.0.1:1/cb?code=", back.AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal("s 3", Parameter(back, "state"));

            // Exchanged with another redirect URI, the code is refused (and spent), as at Gong.
            var wrong = await Assert.ThrowsAsync<GongCredentialException>(() => oauth.ExchangeCodeAsync(Parameter(back, "code"), new Uri("http://127.0.0.1:2/cb"), new GongInMemoryTokenStore()));
            Assert.True(wrong.ReauthorizationRequired);
            Assert.Equal(0, sandbox.OAuth.CodesExchanged);
        }

        [Fact]
        public async Task A_refused_refresh_token_stops_a_batch_at_once_with_exit_4_and_is_sent_once()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: cli.Time);
            var tokenFile = cli.Variables["GONG_OAUTH_TOKEN_FILE"];
            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), new GongFileTokenStore(tokenFile));

            // Right after authorizing, back-to-back runs use the 60-second token: no refresh each time.
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example")).Code);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("lookup", "email", "grace.hopper@sandbox.example")).Code);
            Assert.Equal(0, sandbox.OAuth.Refreshes);

            // The refresh token is spent elsewhere (another app refreshed and did not share the file), and the token expired.
            await oauth.RefreshAsync(first.RefreshToken);
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(first.RefreshToken, new GongOAuthTokens(first.AccessToken, first.RefreshToken, cli.Time.GetUtcNow().AddMinutes(-1), first.ApiBaseUrlForCustomer), CancellationToken.None));
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\nemail,grace.hopper@sandbox.example\nemail,someone@sandbox.example\n");
            var lookups = sandbox.Lookups();

            var result = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "j.jsonl");

            Assert.Equal(ExitCodes.Credentials, result.Code);
            Assert.EndsWith("error: Gong refused the OAuth refresh token (invalid_grant): it was spent or revoked. Authorize the app again with 'gong-privacy oauth login'. The batch stopped; nothing more was sent. Continue it with --resume.", result.Stderr.TrimEnd());
            Assert.Equal(1, sandbox.OAuth.InvalidGrants); // once for the batch, not once per row
            Assert.Equal(lookups, sandbox.Lookups());
            var ends = File.ReadAllLines(cli.Path("j.jsonl")).Select(Newtonsoft.Json.Linq.JObject.Parse).Where(e => (string?)e["event"] == "end").ToList();
            Assert.NotEmpty(ends); // the rows whose calls had begun (several are in flight): none was sent
            Assert.All(ends, end => Assert.Equal("not-sent", (string?)end["state"]));
            Assert.All(ends, end => Assert.Equal("NoToken", (string?)end["cause"]));
        }

        [Fact]
        public async Task A_token_endpoint_out_of_reach_is_exit_5_and_leaves_the_token_file_usable()
        {
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = new FakeGongClock(), Sandbox = true });
            using var cli = OAuthCli(sandbox);
            var tokenFile = cli.Variables["GONG_OAUTH_TOKEN_FILE"];
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: cli.Time);
            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), new GongFileTokenStore(tokenFile));
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(first.RefreshToken, new GongOAuthTokens(first.AccessToken, first.RefreshToken, cli.Time.GetUtcNow().AddMinutes(-1), first.ApiBaseUrlForCustomer), CancellationToken.None));
            var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            closed.Start();
            var port = ((IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop();
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = "http://127.0.0.1:" + port + FakeGongOAuth.TokenPath;

            var down = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example");

            Assert.Equal(ExitCodes.GongError, down.Code);
            Assert.True(down.Stderr.Contains("error: Gong's token endpoint could not be reached (connection refused", StringComparison.Ordinal) && down.Stderr.Contains("the refresh token was not spent", StringComparison.Ordinal), down.Stderr);
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example")).Code);
            Assert.Equal((1, 0), (sandbox.OAuth.Refreshes, sandbox.OAuth.InvalidGrants));
        }
    }
}
