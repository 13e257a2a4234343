using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The rules that keep a refresh token from being wasted or lost: short-lived tokens are not refreshed on every call,
    /// a token endpoint that was never reached leaves the refresh token usable, tokens the store failed to save are kept
    /// and saved first, and one process's calls share one refresh even when the store's lock does nothing.
    /// </summary>
    public class OAuthRefreshRulesTests
    {
        private static IGongDataPrivacyClient Client(GongCredential credential, FakeClock time)
        {
            var options = new GongDataPrivacyOptions { Credential = credential };
            options.Retry.Enabled = false;
            options.RateLimit.Enabled = false;
            return GongDataPrivacy.CreateClient(options, EmittedText.LoggerFactory, time);
        }

        [Fact]
        public async Task A_sixty_second_token_is_used_for_half_its_life_not_refreshed_on_every_call()
        {
            using var gong = new OAuthLoopback { ExpiresIn = 60 };
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow())); // expired: the first call refreshes
            using var client = Client(GongCredential.FromOAuth(gong.Client(time), store), time); // refreshAhead: the default 5 minutes

            for (var second = 0; second < 10; second++)
            {
                await client.GetDataForEmailAddressAsync(FixtureValues.Email);
                time.Advance(TimeSpan.FromSeconds(2.9));
            }

            Assert.Equal(1, gong.Refreshes); // 10 calls over 29 s: one refresh, not ten

            time.Advance(TimeSpan.FromSeconds(1.1)); // 30 s after issue: half its life is gone
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(2, gong.Refreshes);
            Assert.Equal(0, gong.InvalidGrants);
        }

        [Theory]
        [InlineData("refused")]
        [InlineData("503")]
        public async Task A_token_endpoint_never_reached_or_busy_leaves_the_refresh_token_unspent_and_usable(string failure)
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var first = gong.Issue(time.GetUtcNow());
            var store = new GongInMemoryTokenStore(first);
            using var flaky = new HttpClient(new FailsOnce(failure));
            using var client = Client(GongCredential.FromOAuth(gong.Client(time, flaky), store), time);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongCredentialFailure.TokenEndpointUnavailable, ex.Reason);
            Assert.False(ex.ReauthorizationRequired);
            Assert.Contains("the refresh token was not spent", ex.Message);
            Assert.Equal(failure == "503" ? 503 : 0, ex.TokenEndpointStatus);
            Assert.Empty(gong.Spent);

            // Not "in doubt": the same credential refreshes with the same token once the endpoint answers.
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(new[] { first.RefreshToken }, gong.Spent);
            Assert.Equal(0, gong.InvalidGrants);
        }

        [Fact]
        public async Task Tokens_the_store_failed_to_save_are_kept_and_saved_before_the_next_call_without_another_refresh()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var first = gong.Issue(time.GetUtcNow());
            var store = new StoreThatFailsOnce(new GongInMemoryTokenStore(first));
            using var client = Client(GongCredential.FromOAuth(gong.Client(time), store), time);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(GongCredentialFailure.TokenStoreFailed, ex.Reason);
            Assert.DoesNotContain(OAuthValues.RefreshPrefix, ex.ToString());
            Assert.DoesNotContain(OAuthValues.AccessPrefix, ex.ToString());
            Assert.Empty(gong.Customer.LogEntries); // the unsaved token was not used

            await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(1, gong.Refreshes); // the first answer was saved, not a second refresh sent
            Assert.Equal(new[] { first.RefreshToken }, gong.Spent);
            Assert.NotEqual(first.RefreshToken, (await store.ReadAsync(CancellationToken.None))!.RefreshToken);
            Assert.Equal(0, gong.InvalidGrants);
        }

        [Fact]
        public async Task Fifty_concurrent_calls_share_one_refresh_even_when_the_stores_lock_does_nothing()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new NoLockStore(new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow())));
            using var client = Client(GongCredential.FromOAuth(gong.Client(time), store), time);

            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.GetDataForEmailAddressAsync(FixtureValues.Email))));

            Assert.Equal(1, gong.Refreshes); // the credential's own single flight, not the store's lock
            Assert.Equal(0, gong.InvalidGrants);
        }

        [Fact]
        public async Task A_file_store_in_a_folder_that_does_not_exist_yet_creates_it_instead_of_reporting_a_held_lock()
        {
            var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gong-store-" + Guid.NewGuid().ToString("N"));
            var store = new GongFileTokenStore(System.IO.Path.Combine(root, "nested", "tokens.json"), lockTimeout: TimeSpan.Zero);
            try
            {
                using (await store.LockAsync(CancellationToken.None))
                {
                    Assert.True(await store.TryReplaceAsync(null, new GongOAuthTokens("a", "r", DateTimeOffset.UtcNow, null), CancellationToken.None));
                }

                Assert.Equal("r", (await store.ReadAsync(CancellationToken.None))!.RefreshToken);
            }
            finally
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }

        /// <summary>Fails the first token request before it leaves the process (connection refused), or answers it 503.</summary>
        private sealed class FailsOnce : DelegatingHandler
        {
            private readonly string _failure;
            private int _calls;

            public FailsOnce(string failure)
                : base(new SocketsHttpHandler()) => _failure = failure;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _calls) > 1)
                {
                    return base.SendAsync(request, cancellationToken);
                }

                if (_failure == "503")
                {
                    return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") });
                }

                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));
            }
        }

        private sealed class StoreThatFailsOnce : IGongTokenStore
        {
            private readonly IGongTokenStore _inner;
            private int _writes;

            public StoreThatFailsOnce(IGongTokenStore inner) => _inner = inner;

            public ValueTask<GongOAuthTokens?> ReadAsync(CancellationToken cancellationToken) => _inner.ReadAsync(cancellationToken);

            public ValueTask<bool> TryReplaceAsync(string? expectedRefreshToken, GongOAuthTokens tokens, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref _writes) == 1 ? throw new System.IO.IOException("disk full") : _inner.TryReplaceAsync(expectedRefreshToken, tokens, cancellationToken);

            public ValueTask<IDisposable> LockAsync(CancellationToken cancellationToken) => _inner.LockAsync(cancellationToken);
        }

        private sealed class NoLockStore : IGongTokenStore
        {
            private readonly IGongTokenStore _inner;

            public NoLockStore(IGongTokenStore inner) => _inner = inner;

            public ValueTask<GongOAuthTokens?> ReadAsync(CancellationToken cancellationToken) => _inner.ReadAsync(cancellationToken);

            public ValueTask<bool> TryReplaceAsync(string? expectedRefreshToken, GongOAuthTokens tokens, CancellationToken cancellationToken) => _inner.TryReplaceAsync(expectedRefreshToken, tokens, cancellationToken);

            public ValueTask<IDisposable> LockAsync(CancellationToken cancellationToken) => new ValueTask<IDisposable>(new Nothing());

            private sealed class Nothing : IDisposable
            {
                public void Dispose()
                {
                }
            }
        }
    }
}
