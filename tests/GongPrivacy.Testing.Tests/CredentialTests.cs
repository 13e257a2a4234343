using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>Who gets in: access keys, OAuth tokens that expire on the fake's clock, and the customer's own host.</summary>
    public class CredentialTests
    {
        private static readonly AuthenticationHeaderValue App = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeGongOAuth.ClientId + ":" + FakeGongOAuth.ClientSecret)));

        [Fact]
        public async Task No_credentials_or_the_wrong_access_key_get_401_and_are_not_counted()
        {
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { AccessKey = "key", AccessKeySecret = "secret", TimeProvider = new FakeTimeProvider() });

            var none = await Wire.SendAsync(HttpMethod.Get, gong.BaseUrl, "data-privacy/data-for-email-address?emailAddress=a%40b.com", null);
            var wrong = await Wire.LookupAsync(gong.BaseUrl, Wire.Email, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("key:other"))));
            var right = new[] { await Wire.LookupAsync(gong.BaseUrl, Wire.Email), await Wire.LookupAsync(gong.BaseUrl, Wire.Email), await Wire.LookupAsync(gong.BaseUrl, Wire.Email) };

            Assert.Equal(401, none.Status);
            Assert.Equal(401, wrong.Status);
            Assert.All(right, a => Assert.Equal(200, a.Status)); // the 401s took no place in the second's three
            Assert.Equal(FakeGongCredential.None, gong.Received[0].Credential);
            Assert.Equal(FakeGongCredential.Basic, gong.Received[1].Credential);
        }

        [Fact]
        public async Task Tokens_name_the_customers_host_expire_on_the_clock_refresh_once_and_are_refused_at_the_generic_host()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(time);

            var issued = await TokenAsync(gong, "grant_type=authorization_code&code=" + gong.OAuth.IssueCode() + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb");
            var bearer = new AuthenticationHeaderValue("Bearer", (string)issued.Json["access_token"]!);
            var atCustomer = await Wire.LookupAsync(gong.BaseUrl, Wire.Email, bearer);
            var atGeneric = await Wire.LookupAsync(gong.GenericBaseUrl, Wire.Email, bearer);
            var keyAtGeneric = await Wire.LookupAsync(gong.GenericBaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromSeconds(60));
            var expired = await Wire.LookupAsync(gong.BaseUrl, Wire.Email, bearer);
            var refreshed = await TokenAsync(gong, "grant_type=refresh_token&refresh_token=" + (string)issued.Json["refresh_token"]!);
            var reused = await TokenAsync(gong, "grant_type=refresh_token&refresh_token=" + (string)issued.Json["refresh_token"]!);

            Assert.Equal(200, issued.Status);
            Assert.Equal(gong.BaseUrl.GetLeftPart(UriPartial.Authority), (string?)issued.Json["api_base_url_for_customer"]);
            Assert.Equal(60, (int)issued.Json["expires_in"]!);
            Assert.Equal(200, atCustomer.Status);
            Assert.Equal(401, atGeneric.Status);
            Assert.Equal(200, keyAtGeneric.Status); // an access key is good at the generic host
            Assert.Equal(401, expired.Status);
            Assert.Equal(200, refreshed.Status);
            Assert.Equal((400, "invalid_grant"), (reused.Status, (string?)reused.Json["error"]));
            Assert.Equal((1, 1, 1), (gong.OAuth.CodesExchanged, gong.OAuth.Refreshes, gong.OAuth.InvalidGrants));
            Assert.True(gong.Received[2].AtGenericHost);
            Assert.DoesNotContain("sbx-at-", gong.OAuth.ToString() + string.Join("\n", gong.Received));
        }

        [Fact]
        public async Task The_authorization_page_consents_at_once_only_to_a_loopback_redirect()
        {
            await using var gong = await FakeGong.StartAsync();

            var consent = await Wire.SendAsync(HttpMethod.Get, gong.AuthorizeEndpoint, "?client_id=" + FakeGongOAuth.ClientId + "&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&state=s1", null);
            var away = await Wire.SendAsync(HttpMethod.Get, gong.AuthorizeEndpoint, "?client_id=" + FakeGongOAuth.ClientId + "&response_type=code&redirect_uri=https%3A%2F%2Fattacker.example%2Fcb", null);

            Assert.Equal(302, consent.Status);
            Assert.Equal(400, away.Status);
            Assert.StartsWith("text/html", away.ContentType);
        }

        private static Task<WireAnswer> TokenAsync(FakeGong gong, string query) => Wire.SendAsync(HttpMethod.Post, gong.TokenEndpoint, "?" + query, App);
    }
}
