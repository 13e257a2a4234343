using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The library's OAuth against the sandbox: the whole flow with no Gong account.</summary>
    public class SandboxOAuthTests
    {
        [Fact]
        public async Task The_sandbox_issues_single_use_tokens_names_its_own_host_and_refuses_the_generic_host()
        {
            await using var sandbox = await SandboxServer.StartAsync();
            var oauth = new GongOAuthClient(SandboxOAuth.ClientId, SandboxOAuth.ClientSecret, sandbox.TokenEndpoint);
            var store = new GongInMemoryTokenStore();
            var redirect = new Uri("http://127.0.0.1/callback");

            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), redirect, store);
            Assert.Equal(sandbox.BaseUrl.GetLeftPart(UriPartial.Authority), first.ApiBaseUrlForCustomer);

            // Refreshed once, the old refresh token is spent: a second use is invalid_grant.
            var second = await oauth.RefreshAsync(first.RefreshToken);
            var reuse = await Assert.ThrowsAsync<GongOAuthException>(() => oauth.RefreshAsync(first.RefreshToken));
            Assert.True(reuse.ReauthorizationRequired);
            Assert.Equal((1, 1), (sandbox.OAuth.Refreshes, sandbox.OAuth.InvalidGrants));
            Assert.True(await store.TryReplaceAsync(first.RefreshToken, second, CancellationToken.None));

            // No base URL set: the call goes to the sandbox's own address, named in the tokens.
            var options = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store) };
            options.RateLimit.Enabled = false;
            using (var client = GongDataPrivacyClient.Create(options))
            {
                var found = await client.GetDataForEmailAddressAsync(SandboxServer.SampleSubjects.First(s => s.Contains('@')));
                Assert.NotNull(found.RequestId);
            }

            // The token sent to the generic host is refused (the client refreshes once and is refused again).
            var generic = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store), BaseUrl = sandbox.GenericBaseUrl.ToString() };
            generic.RateLimit.Enabled = false;
            generic.Retry.Enabled = false;
            using (var client = GongDataPrivacyClient.Create(generic))
            {
                var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(SandboxServer.SampleSubjects.First(s => s.Contains('@'))));
                Assert.Equal(401, ex.StatusCode);
            }

            Assert.Equal(1, sandbox.OAuth.InvalidGrants);
        }

        [Fact]
        public async Task The_tool_takes_oauth_from_the_environment_and_a_token_file()
        {
            await using var sandbox = await SandboxServer.StartAsync();
            using var cli = new CliHarness();
            var tokenFile = cli.Path("gong-tokens.json");
            var oauth = new GongOAuthClient(SandboxOAuth.ClientId, SandboxOAuth.ClientSecret, sandbox.TokenEndpoint);
            var first = await oauth.ExchangeCodeAsync(sandbox.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), new GongFileTokenStore(tokenFile));
            // Expired in the file: the tool must refresh, and store the new tokens in the file.
            Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(first.RefreshToken, new GongOAuthTokens(first.AccessToken, first.RefreshToken, DateTimeOffset.UtcNow.AddMinutes(-1), first.ApiBaseUrlForCustomer), CancellationToken.None));
            cli.Variables["GONG_OAUTH_CLIENT_ID"] = SandboxOAuth.ClientId;
            cli.Variables["GONG_OAUTH_CLIENT_SECRET"] = SandboxOAuth.ClientSecret;
            cli.Variables["GONG_OAUTH_TOKEN_FILE"] = tokenFile;
            cli.Variables["GONG_OAUTH_TOKEN_ENDPOINT"] = sandbox.TokenEndpoint.ToString();

            var (code, output) = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example");

            Assert.Equal(0, code);
            Assert.Equal(1, sandbox.OAuth.Refreshes);
            var stored = await new GongFileTokenStore(tokenFile).ReadAsync(CancellationToken.None);
            Assert.NotEqual(first.RefreshToken, stored!.RefreshToken);
            Assert.DoesNotContain(stored.AccessToken, output);
            Assert.DoesNotContain(SandboxOAuth.ClientSecret, output);

            cli.Variables.Remove("GONG_OAUTH_TOKEN_FILE");
            var (missing, message) = await cli.RunAsync("lookup", "email", "ada.lovelace@sandbox.example");
            Assert.Equal(ExitCodes.Credentials, missing);
            Assert.Contains("GONG_OAUTH_TOKEN_FILE is not set", message);
        }
    }
}
