using System;
using System.Collections.Generic;
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
    /// <summary>The library's OAuth against the sandbox: the whole flow with no Gong account.</summary>
    public class SandboxOAuthTests
    {
        [Fact]
        public async Task The_sandbox_issues_single_use_tokens_names_its_own_host_and_refuses_the_generic_host()
        {
            var clock = new FakeGongClock();
            await using var sandbox = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = clock, Sandbox = true });
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: clock);
            var store = new GongInMemoryTokenStore();
            var redirect = new Uri("http://127.0.0.1/callback");

            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), redirect, store);
            Assert.Equal(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority), first.ApiBaseUrlForCustomer);

            // Refreshed once, the old refresh token is spent: a second use is invalid_grant.
            var second = await oauth.RefreshAsync(first.RefreshToken);
            var reuse = await Assert.ThrowsAsync<GongCredentialException>(() => oauth.RefreshAsync(first.RefreshToken));
            Assert.True(reuse.ReauthorizationRequired);
            Assert.Equal((1, 1), (sandbox.OAuth.Refreshes, sandbox.OAuth.InvalidGrants));
            Assert.True(await store.TryReplaceAsync(first.RefreshToken, second, CancellationToken.None));

            // No base URL set: the call goes to the sandbox's own address, named in the tokens.
            var options = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store) };
            options.RateLimit.Enabled = false;
            using (var client = GongDataPrivacy.CreateClient(options, null, clock))
            {
                var found = await client.GetDataForEmailAddressAsync(FakeGong.SampleSubjects.First(s => s.Contains('@')));
                Assert.NotNull(found.RequestId);
            }

            // The token sent to the generic host is refused (the client refreshes once and is refused again).
            var generic = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store), BaseUrl = sandbox.GenericBaseUrl.ToString() };
            generic.RateLimit.Enabled = false;
            generic.Retry.Enabled = false;
            using (var client = GongDataPrivacy.CreateClient(generic, null, clock))
            {
                var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FakeGong.SampleSubjects.First(s => s.Contains('@'))));
                Assert.Equal(401, ex.StatusCode);
            }

            Assert.Equal(1, sandbox.OAuth.InvalidGrants);
        }

        [Fact]
        public async Task The_tool_takes_oauth_from_the_environment_and_a_token_file()
        {
            using var cli = new CliHarness();
            await using var sandbox = await cli.StartGongAsync();
            var tokenFile = cli.Path("gong-tokens.json");
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, sandbox.TokenEndpoint, timeProvider: cli.Time);
            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), new GongFileTokenStore(tokenFile));
            // Expired in the file: the tool must refresh, and store the new tokens in the file.
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(first.RefreshToken, new GongOAuthTokens(first.AccessToken, first.RefreshToken, cli.Time.GetUtcNow().AddMinutes(-1), first.ApiBaseUrlForCustomer), CancellationToken.None));
            cli.Variables.Remove("GONG_ACCESS_KEY");
            cli.Variables.Remove("GONG_ACCESS_KEY_SECRET");
            cli.Variables.Remove("GONG_BASE_URL");
            cli.Variables["GONG_OAUTH_CLIENT_ID"] = FakeGongOAuth.ClientId;
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = FakeGongOAuth.ClientSecret;
            cli.Variables["GONG_OAUTH_TOKEN_FILE"] = tokenFile;
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();

            var (code, output) = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example");

            Assert.Equal(0, code);
            Assert.Equal(1, sandbox.OAuth.Refreshes);
            var stored = await new GongFileTokenStore(tokenFile).ReadAsync(CancellationToken.None);
            Assert.NotEqual(first.RefreshToken, stored!.RefreshToken);
            Assert.DoesNotContain(stored.AccessToken, output);
            Assert.DoesNotContain(FakeGongOAuth.ClientSecret, output);

            cli.Variables.Remove("GONG_OAUTH_TOKEN_FILE");
            var (missing, message) = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example");
            Assert.Equal(ExitCodes.Credentials, missing);
            Assert.Contains("GONG_OAUTH_TOKEN_FILE is not set", message);
        }

        [Fact]
        public async Task A_new_user_follows_what_sandbox_serve_prints_authorizes_in_the_browser_and_looks_up_with_oauth()
        {
            using var serveCli = new CliHarness();
            using var stop = new CancellationTokenSource();
            var serve = serveCli.RunAsync(stop.Token, "sandbox", "serve", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await serveCli.WaitForOutputAsync(text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the sandbox did not start");

            // What the banner tells the user to type, taken literally: the exports, then the commands.
            var banner = serveCli.Writer!.ToString().Split('\n').Select(l => l.Trim()).ToList();
            var exports = banner.Where(l => l.StartsWith("export ", StringComparison.Ordinal)).ToList();
            var commands = banner.Where(l => l.StartsWith("gong-privacy ", StringComparison.Ordinal)).Select(l => l.Split('#')[0].Trim()).ToList();
            Assert.Equal(2, exports.Count);
            Assert.Equal(2, commands.Count);
            using var cli = new CliHarness { Time = serveCli.Time }; // the tokens expire on the clock the sandbox runs on
            foreach (var pair in exports.SelectMany(l => l.Substring("export ".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var equals = pair.IndexOf('=');
                cli.Variables[pair.Substring(0, equals)] = pair.Substring(equals + 1).Replace("$PWD", cli.Folder, StringComparison.Ordinal);
            }

            var tokenFile = cli.Variables["GONG_OAUTH_TOKEN_FILE"];
            var login = cli.RunAsync(commands[0].Split(' ').Skip(1).ToArray());
            var url = await AuthorizationUrlAsync(cli);

            // The browser: the sandbox consents at once and sends it back to the tool's loopback callback.
            using (var browser = new HttpClient())
            {
                var page = await browser.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("gong-privacy is authorized", await page.Content.ReadAsStringAsync());
            }

            var loggedIn = await login;
            Assert.Equal(ExitCodes.Ok, loggedIn.Code);
            Assert.Equal(string.Empty, loggedIn.Stdout);
            var tokens = await new GongFileTokenStore(tokenFile).ReadAsync(CancellationToken.None);
            Assert.NotNull(tokens);
            var sandboxHost = new Uri(cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"]).GetLeftPart(UriPartial.Authority);
            Assert.Equal(sandboxHost, tokens!.ApiBaseUrlForCustomer);
            Assert.Contains("Authorized. The tokens for " + sandboxHost + " are in " + tokenFile, loggedIn.Stderr);

            // The lookup the banner suggests: no base URL, the host comes with the tokens.
            var lookup = await cli.RunAsync(commands[1].Split(' ').Skip(1).ToArray());
            Assert.Equal(ExitCodes.Ok, lookup.Code);
            Assert.Matches(@"emails\s+│\s+3", lookup.Output);
            Assert.Contains("at " + new Uri(sandboxHost).Authority + " (the customer's host, from the OAuth tokens)", lookup.Stderr);

            var status = await cli.RunAsync("oauth", "status");
            Assert.Equal(ExitCodes.Ok, status.Code);
            Assert.Contains("Customer host: " + sandboxHost, status.Stderr);

            stop.Cancel();
            Assert.Equal(ExitCodes.Ok, (await serve).Code);
            foreach (var output in new[] { loggedIn.Output, lookup.Output, status.Output })
            {
                Assert.DoesNotContain(tokens.AccessToken, output);
                Assert.DoesNotContain(tokens.RefreshToken, output);
                Assert.DoesNotContain("sbx-code-", output);
                Assert.DoesNotContain(FakeGongOAuth.ClientSecret, output);
            }
        }

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

        /// <summary>A harness set up for OAuth against <paramref name="sandbox"/>, on the clock the sandbox runs on.</summary>
        private static CliHarness OAuthCli(FakeGong sandbox)
        {
            var cli = new CliHarness { Time = sandbox.Time };
            cli.Variables["GONG_OAUTH_CLIENT_ID"] = FakeGongOAuth.ClientId;
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = FakeGongOAuth.ClientSecret;
            cli.Variables["GONG_OAUTH_TOKEN_FILE"] = cli.Path("tokens.json");
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();
            return cli;
        }

        private static async Task<Uri> AuthorizationUrlAsync(CliHarness cli)
        {
            string? line = null;
            await cli.WaitForOutputAsync(text => (line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("/oauth2/authorize?", StringComparison.Ordinal))) != null, "no authorization address was printed");
            return new Uri(line!);
        }

        private static string Parameter(Uri uri, string name) =>
            uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).Single();

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
