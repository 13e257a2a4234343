using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The customer host that comes with OAuth tokens is where every call then goes, with the bearer token and the subject:
    /// it is taken only when it is Gong's (gong.io or a host under it, or loopback for a local fake), and refused before
    /// any call otherwise. The token endpoint's redirects are not followed (the grant travels in the query).
    /// </summary>
    public class OAuthCustomerHostTests
    {
        [Theory]
        [InlineData("https://us-49467.api.gong.io", "https://us-49467.api.gong.io/v2/")]
        [InlineData("https://api.gong.io/v2", "https://api.gong.io/v2/")]
        [InlineData("https://GONG.IO", "https://gong.io/v2/")]
        [InlineData("http://127.0.0.1:5280", "http://127.0.0.1:5280/v2/")]
        [InlineData("http://localhost:8080/", "http://localhost:8080/v2/")]
        public void Gongs_hosts_and_loopback_are_taken(string named, string expected) =>
            Assert.Equal(expected, GongOAuthCredential.CustomerHost(named));

        [Theory]
        [InlineData("https://evil.example", "https://evil.example")]
        [InlineData("https://api.gong.io.evil.example", "https://api.gong.io.evil.example")]
        [InlineData("https://evilgong.io", "https://evilgong.io")]
        [InlineData("http://us-1.api.gong.io", "http://us-1.api.gong.io")]
        [InlineData("not a url", "a value that is not a URL")]
        public void Any_other_host_is_refused_and_named(string named, string shown)
        {
            var ex = Assert.Throws<GongCredentialException>(() => GongOAuthCredential.CustomerHost(named));

            Assert.Equal(GongCredentialFailure.UntrustedCustomerHost, ex.Reason);
            Assert.Equal(GongCause.NoToken, ex.Cause);
            Assert.False(ex.MayHaveReachedGong);
            Assert.StartsWith("The OAuth tokens name " + shown + " as the customer's API host, which is not Gong's", ex.Message);
        }

        [Fact]
        public async Task A_token_response_naming_a_foreign_host_is_refused_before_any_call()
        {
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            var store = new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow().AddSeconds(10))); // expiring: the first call refreshes
            gong.NamedCustomerHost = "https://evil.example";
            var options = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(gong.Client(time), store) };
            options.Retry.Enabled = false;
            options.RateLimit.Enabled = false;
            using var client = GongDataPrivacy.CreateClient(options, EmittedText.LoggerFactory, time);

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongCredentialFailure.UntrustedCustomerHost, ex.Reason);
            Assert.Contains("https://evil.example", ex.Message);
            Assert.Equal(1, gong.Refreshes);
            Assert.Empty(gong.Customer.LogEntries);
            Assert.Empty(gong.Generic.LogEntries);
        }

        [Fact]
        public async Task The_token_endpoints_redirect_is_not_followed()
        {
            using var elsewhere = LoopbackGong.Start();
            using var endpoint = LoopbackGong.Start();
            elsewhere.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
            endpoint.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", elsewhere.BaseUri + "steal"));
            var client = new GongOAuthClient(OAuthValues.ClientId, OAuthValues.ClientSecret, new Uri(endpoint.BaseUri, "oauth2/generate-customer-token"));

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.RefreshAsync(OAuthValues.RefreshPrefix + "1", CancellationToken.None));

            Assert.Equal(GongCredentialFailure.TokenEndpointFailed, ex.Reason);
            Assert.Contains("redirects (HTTP 307)", ex.Message);
            Assert.Empty(elsewhere.Requests);
            Assert.DoesNotContain(OAuthValues.RefreshPrefix, ex.ToString());
        }
    }
}
