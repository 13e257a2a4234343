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
    /// <summary>The library's OAuth against the sandbox: the whole flow with no Gong account.</summary>
    public partial class SandboxOAuthTests
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
