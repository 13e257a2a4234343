using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// OAuth against a loopback token endpoint with single-use refresh tokens and a customer host that accepts only the
    /// tokens it issued, on fake time: refresh ahead of expiry and after a 401, one refresh for many concurrent calls,
    /// invalid_grant and a lost answer as typed failures, and calls at the customer's own host.
    /// </summary>
    public class OAuthTests
    {
        private static IGongDataPrivacyClient Client(OAuthLoopback gong, GongCredential credential, FakeClock time, Action<GongDataPrivacyOptions>? configure = null)
        {
            var options = new GongDataPrivacyOptions { Credential = credential };
            options.Retry.Enabled = false;
            options.RateLimit.Enabled = false;
            configure?.Invoke(options);
            return GongDataPrivacy.CreateClient(options, EmittedText.LoggerFactory, time);
        }

        [Fact]
        public async Task The_token_is_refreshed_ahead_of_expiry_and_calls_go_to_the_customers_host()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var first = gong.Issue(time.GetUtcNow().AddHours(1));
            var store = new GongInMemoryTokenStore(first);
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), store, TimeSpan.FromMinutes(5)), time);

            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            time.Advance(TimeSpan.FromMinutes(54));
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(0, gong.Refreshes);

            time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left: inside the 5-minute skew
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(1, gong.Refreshes);
            Assert.Equal(new[] { first.RefreshToken }, gong.Spent);
            var stored = await store.ReadAsync(CancellationToken.None);
            Assert.NotEqual(first.RefreshToken, stored!.RefreshToken);
            Assert.Equal(time.GetUtcNow().AddHours(1), stored.ExpiresAt);
            Assert.Equal(3, gong.Customer.LogEntries.Count()); // BaseUrl left at its default: every call went to api_base_url_for_customer
            Assert.Equal("Bearer " + stored.AccessToken, gong.Customer.LogEntries.Last().RequestMessage!.Headers!["Authorization"].First());
            Assert.Empty(gong.Generic.LogEntries);
        }

        [Fact]
        public async Task A_401_refreshes_once_and_resends_once()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow().AddHours(1)));
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time);

            gong.RevokeAccessTokens();
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(1, gong.Refreshes);
            Assert.Equal(new[] { 401, 200 }, gong.Customer.LogEntries.Select(e => (int)e.ResponseMessage!.StatusCode!).ToArray());

            // Still refused after the refresh: the 401 is the answer, with no second refresh and no third attempt.
            gong.Customer.ResetLogEntries();
            gong.RefuseAll = true;
            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(401, ex.StatusCode);
            Assert.IsNotType<GongCredentialException>(ex);
            Assert.Equal(2, gong.Refreshes);
            Assert.Equal(2, gong.Customer.LogEntries.Count());
            Assert.Equal(2, ex.Attempts); // the resend is an attempt: the exception counts what was sent
        }

        [Fact]
        public async Task Fifty_concurrent_calls_at_expiry_share_one_refresh_and_use_only_stored_tokens()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow().AddMinutes(4)));
            var unstored = 0;
            gong.OnAccepted = token =>
            {
                if (store.ReadAsync(CancellationToken.None).Result!.AccessToken != token)
                {
                    Interlocked.Increment(ref unstored);
                }
            };
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time);

            var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.GetDataForEmailAddressAsync(FixtureValues.Email))).ToArray();
            await Task.WhenAll(calls);

            Assert.Equal(1, gong.Refreshes);
            Assert.Single(gong.Spent);
            Assert.Equal(50, gong.Customer.LogEntries.Count(e => (int)e.ResponseMessage!.StatusCode! == 200));
            Assert.Equal(0, unstored);
        }

        [Fact]
        public async Task Two_credentials_on_one_store_spend_each_refresh_token_once()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow()));
            using var a = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time);
            using var b = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time);

            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).GetDataForEmailAddressAsync(FixtureValues.Email))));

            Assert.Equal(1, gong.Refreshes);
            Assert.Equal(0, gong.InvalidGrants);
        }

        [Fact]
        public async Task Invalid_grant_is_a_typed_failure_that_is_never_retried()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var spent = new GongOAuthTokens(OAuthValues.AccessPrefix + "old", OAuthValues.RefreshPrefix + "spent", time.GetUtcNow(), gong.CustomerBaseUrl);
            var store = new GongInMemoryTokenStore(spent);
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time, o => o.Retry.Enabled = true);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(GongCredentialFailure.ReauthorizationRequired, ex.Reason);
            Assert.True(ex.ReauthorizationRequired);
            Assert.Equal("invalid_grant", ex.Error);
            Assert.Equal(400, ex.TokenEndpointStatus);
            Assert.Equal(0, ex.StatusCode); // the Data Privacy API got nothing: never read as a 400 (or a 401) of Gong's
            Assert.False(ex.MayHaveReachedGong);
            Assert.Contains("must authorize the app again", ex.Message);
            Assert.Equal(1, gong.InvalidGrants);
            Assert.Empty(gong.Customer.LogEntries);

            // Later calls do not send the refused refresh token again: they fail at once, just as clearly.
            var again = await Assert.ThrowsAsync<GongCredentialException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));
            await Assert.ThrowsAsync<GongCredentialException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));
            Assert.True(again.ReauthorizationRequired);
            Assert.Equal(1, gong.InvalidGrants);
            Assert.Equal(new[] { spent.RefreshToken }, gong.Spent); // sent once, refused once, never again
        }

        [Fact]
        public async Task A_refresh_whose_answer_was_lost_is_not_sent_again_until_the_store_moves()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var first = gong.Issue(time.GetUtcNow());
            var store = new GongInMemoryTokenStore(first);
            using var losing = new HttpClient(new LosesAnswers());
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time, losing), store), time);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(GongCredentialFailure.RefreshOutcomeUnknown, ex.Reason);
            Assert.Contains("not sent again", ex.Message);
            var again = await Assert.ThrowsAsync<GongCredentialException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(GongCredentialFailure.RefreshOutcomeUnknown, again.Reason);
            Assert.Equal(new[] { first.RefreshToken }, gong.Spent); // sent once, never twice
            Assert.Equal(0, gong.InvalidGrants);

            // Another writer stores new tokens (the customer authorized again): the next call uses them.
            Assert.True(await store.TryReplaceAsync(first.RefreshToken, gong.Issue(time.GetUtcNow().AddHours(1)), CancellationToken.None));
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Single(gong.Spent);
        }

        [Fact]
        public async Task An_explicit_base_url_wins_and_a_token_at_the_wrong_host_is_refused_with_one_warning()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow().AddHours(1)));
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), store), time, o => o.BaseUrl = gong.Generic.Url!);
            var before = EmittedText.Lines.Count(l => l.Contains(gong.Generic.Url!) && l.Contains("differs from the customer's host"));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(401, ex.StatusCode);
            Assert.Empty(gong.Customer.LogEntries);
            Assert.Equal(4, gong.Generic.LogEntries.Count()); // each call: one attempt, one resend after a refresh
            Assert.Equal(before + 1, EmittedText.Lines.Count(l => l.Contains(gong.Generic.Url!) && l.Contains("differs from the customer's host")));
        }

        [Fact]
        public async Task The_code_exchange_builds_the_authorization_url_and_stores_the_first_tokens()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var oauth = gong.Client(time);
            var redirect = new Uri("https://app.example.com/gong/callback");
            var state = GongOAuthClient.CreateState();

            var url = new GongOAuthClient(OAuthValues.ClientId, OAuthValues.ClientSecret).GetAuthorizationUri(redirect, "api:data-privacy:read api:data-privacy:delete", state);

            Assert.Equal("https://app.gong.io/oauth2/authorize?client_id=" + OAuthValues.ClientId + "&response_type=code&scope=api%3Adata-privacy%3Aread%20api%3Adata-privacy%3Adelete&redirect_uri=https%3A%2F%2Fapp.example.com%2Fgong%2Fcallback&state=" + state, url.AbsoluteUri);
            Assert.True(state.Length >= 43);
            Assert.NotEqual(state, GongOAuthClient.CreateState());

            var store = new GongInMemoryTokenStore();
            var code = gong.NewCode();
            var tokens = await oauth.ExchangeCodeAsync(code, redirect, store);
            Assert.Same(tokens, await store.ReadAsync(CancellationToken.None));
            Assert.Equal(gong.CustomerBaseUrl, tokens.ApiBaseUrlForCustomer);
            var exchange = gong.Tokens.LogEntries.Single().RequestMessage!;
            Assert.True(string.IsNullOrEmpty(exchange.Body)); // the grant goes in the query, with no body
            Assert.Equal("authorization_code", exchange.Query!["grant_type"].First());
            Assert.Equal(redirect.AbsoluteUri, exchange.Query["redirect_uri"].First());

            var reused = await Assert.ThrowsAsync<GongCredentialException>(() => oauth.ExchangeCodeAsync(code, redirect, store));
            Assert.True(reused.ReauthorizationRequired);

            using var client = Client(gong, GongCredential.FromOAuth(oauth, store), time);
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Single(gong.Customer.LogEntries);
        }

        [Fact]
        public async Task An_empty_store_says_the_customer_has_not_authorized()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            using var client = Client(gong, GongCredential.FromOAuth(gong.Client(time), new GongInMemoryTokenStore()), time);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongCredentialFailure.NotAuthorized, ex.Reason);
            Assert.Empty(gong.Tokens.LogEntries);
        }

        [Fact]
        public void Tokens_client_and_credential_describe_themselves_without_a_secret()
        {
            var tokens = new GongOAuthTokens(OAuthValues.AccessPrefix + "1", OAuthValues.RefreshPrefix + "1", DateTimeOffset.UnixEpoch, "https://us-1.api.gong.io");
            var client = new GongOAuthClient(OAuthValues.ClientId, OAuthValues.ClientSecret);
            var texts = new[] { tokens.ToString(), client.ToString(), GongCredential.FromOAuth(client, new GongInMemoryTokenStore(tokens)).ToString() };

            Assert.Contains("https://us-1.api.gong.io", texts[0]);
            Assert.All(texts, t => Assert.DoesNotContain("do-not-log", t));
        }

        /// <summary>Sends the request, so the token endpoint spends the token, then loses the answer.</summary>
        private sealed class LosesAnswers : DelegatingHandler
        {
            public LosesAnswers()
                : base(new SocketsHttpHandler())
            {
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                using var response = await base.SendAsync(request, cancellationToken);
                throw new HttpRequestException("The connection was reset before the answer arrived.");
            }
        }
    }
}
