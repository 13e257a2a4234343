using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>OAuth through <c>AddGongDataPrivacyClient</c>: the credential from code, the client id and secret from configuration.</summary>
    public class OAuthConfigurationTests
    {
        [Fact]
        public async Task Client_id_and_secret_from_configuration_with_a_store_from_code_call_the_customers_host()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow()));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gong:OAuthClientId"] = OAuthValues.ClientId,
                ["Gong:OAuthClientSecret"] = OAuthValues.ClientSecret,
                ["Gong:OAuthTokenEndpoint"] = gong.TokenEndpoint.ToString(),
                ["Gong:RateLimit:Enabled"] = "false",
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddGongDataPrivacyClient(configuration.GetSection("Gong"), o => o.OAuthTokenStore = store);
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<GongDataPrivacyOptions>>().Value;
            await provider.GetRequiredService<IGongDataPrivacyClient>().GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(1, gong.Refreshes); // the stored token had expired on the container's clock
            Assert.Single(gong.Customer.LogEntries);
            Assert.Equal(time.GetUtcNow().AddHours(1), (await store.ReadAsync(CancellationToken.None))!.ExpiresAt);
            Assert.Contains("Credential=OAuth", options.ToString());
            Assert.DoesNotContain(OAuthValues.ClientSecret, options.ToString());
        }

        [Fact]
        public async Task An_oauth_credential_from_code_is_used_as_given()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow().AddHours(1)));
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddGongDataPrivacyClient(o => { o.Credential = GongCredential.FromOAuth(gong.Client(time), store); o.RateLimit.Enabled = false; });
            using var provider = services.BuildServiceProvider();

            await provider.GetRequiredService<IGongDataPrivacyClient>().GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(0, gong.Refreshes);
            Assert.Single(gong.Customer.LogEntries);
        }

        [Theory]
        [InlineData("id", null, true, null, "Gong:OAuthClientSecret is empty; it is needed with Gong:OAuthClientId.")]
        [InlineData(" ", "oauth-secret-value-31", true, null, "Gong:OAuthClientId is empty; it is needed with Gong:OAuthClientSecret.")]
        [InlineData("id", "oauth-secret-value-31", false, null, "no OAuthTokenStore is given")]
        [InlineData("id", "oauth-secret-value-31", true, "http://token.example.com/", "Gong:OAuthTokenEndpoint must be an absolute https URL")]
        [InlineData("i:d", "oauth-secret-value-31", true, null, "Gong:OAuthClientId must not contain ':'.")]
        public void Every_oauth_validation_message_is_clear(string? id, string? secret, bool store, string? endpoint, string expected)
        {
            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(o =>
            {
                o.OAuthClientId = id;
                o.OAuthClientSecret = secret;
                o.OAuthTokenStore = store ? new GongInMemoryTokenStore() : null;
                o.OAuthTokenEndpoint = endpoint;
            });
            using var provider = services.BuildServiceProvider();

            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GongDataPrivacyOptions>>().Value);

            Assert.Contains(expected, ex.Message);
            Assert.DoesNotContain("oauth-secret-value-31", ex.Message);
        }

        [Fact]
        public void Oauth_and_an_access_key_together_are_refused()
        {
            var ex = Assert.Throws<ArgumentException>(() => GongDataPrivacy.CreateClient(new GongDataPrivacyOptions
            {
                AccessKey = "k",
                AccessKeySecret = "s",
                OAuthClientId = "id",
                OAuthClientSecret = "oauth-secret-value-31",
                OAuthTokenStore = new GongInMemoryTokenStore(),
            }));

            Assert.Contains("more than one kind of credential is configured (access key, OAuth client id)", ex.Message);
            Assert.DoesNotContain("oauth-secret-value-31", ex.Message);
        }
    }
}
