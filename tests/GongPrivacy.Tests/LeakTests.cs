using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    public class LeakTests
    {
        /// <summary>The texts of every OAuth failure: invalid_grant, a lost answer, a wrong secret, an empty store, a reused code.</summary>
        private static async Task<List<string>> OAuthFailureTextsAsync()
        {
            var texts = new List<string>();
            using var gong = new OAuthLoopback();
            var time = new FakeClock();
            async Task Fail(GongOAuthClient oauth, IGongTokenStore store)
            {
                var options = new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store) };
                options.RateLimit.Enabled = false;
                using var client = GongDataPrivacy.CreateClient(options, EmittedText.LoggerFactory, time);
                var ex = await Record.ExceptionAsync(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));
                Assert.IsAssignableFrom<GongApiException>(ex);
                texts.Add(ex!.Message);
                texts.Add(ex.ToString());
            }

            var spent = new GongOAuthTokens(OAuthValues.AccessPrefix + "x", OAuthValues.RefreshPrefix + "x", time.GetUtcNow(), gong.CustomerBaseUrl);
            await Fail(gong.Client(time), new GongInMemoryTokenStore(spent));
            await Fail(new GongOAuthClient(OAuthValues.ClientId, OAuthValues.ClientSecret + "-wrong", gong.TokenEndpoint, null, time), new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow())));
            await Fail(gong.Client(time), new GongInMemoryTokenStore());
            using (var losing = new System.Net.Http.HttpClient(new LosesAnswers()))
            {
                await Fail(gong.Client(time, losing), new GongInMemoryTokenStore(gong.Issue(time.GetUtcNow())));
            }

            var code = gong.NewCode();
            var store = new GongInMemoryTokenStore();
            await gong.Client(time).ExchangeCodeAsync(code, new Uri("https://app.example.com/cb"), store);
            var reused = await Record.ExceptionAsync(() => gong.Client(time).ExchangeCodeAsync(code, new Uri("https://app.example.com/cb"), store));
            texts.Add(reused!.ToString());
            texts.Add((await store.ReadAsync(CancellationToken.None))!.ToString());
            texts.Add(store.ToString());
            texts.Add(gong.Client(time).ToString());
            return texts;
        }

        private sealed class LosesAnswers : System.Net.Http.DelegatingHandler
        {
            public LosesAnswers()
                : base(new System.Net.Http.SocketsHttpHandler())
            {
            }

            protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
            {
                using var response = await base.SendAsync(request, cancellationToken);
                throw new System.Net.Http.HttpRequestException("lost " + request.RequestUri);
            }
        }

        /// <summary>
        /// Every log line the suite's clients wrote so far, plus every log line and exception text of a run through
        /// every operation and every kind of failure, holds no unmasked fixture email or phone number and no credential.
        /// </summary>
        [Fact]
        public async Task No_log_line_or_exception_text_holds_personal_data_or_a_credential()
        {
            var texts = new List<string>();
            using var gong = LoopbackGong.Start();
            var statuses = new[] { 200, 400, 401, 429, 500, 502 };
            foreach (var status in statuses)
            {
                gong.Server.ResetMappings();
                var body = status == 200
                    ? FixtureValues.Read("phone-lookup-full.json")
                    : status == 502
                        ? "<html>bad gateway for " + FixtureValues.Email + " " + FixtureValues.Phone + "</html>"
                        : "{\"requestId\":\"leak-" + status + "\",\"errors\":[\"No access for " + FixtureValues.Email + " or " + FixtureValues.Phone + " (+14255552671)\"]}";
                gong.Server.Given(Request.Create().UsingAnyMethod())
                    .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "1").WithBody(status == 200 ? body.Substring(0, body.Length / 2) : body));
                var time = new FakeClock();
                var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.MaxRetries = 1; o.Retry.MaxRateLimitRetries = 1; }, time);
                // Every operation the client has, found rather than listed, so that a spec's new operation is covered by itself.
                var calls = ClientOperations.All().Select(operation => (Func<Task>)(() => ClientOperations.Invoke(client, operation, CancellationToken.None))).ToArray();
                foreach (var call in calls)
                {
                    var task = call();
                    var ex = await Record.ExceptionAsync(() => time.DriveAsync(task));
                    Assert.IsType<GongApiException>(ex);
                    Assert.NotNull(ex);
                    texts.Add(ex!.Message);
                    texts.Add(ex.ToString());
                }
            }

            foreach (var bad in new[] { "jane.doe@@example.com", "+1 425 CALL 2671" })
            {
                var ex = await Record.ExceptionAsync(() => gong.CreateClient().GetDataForEmailAddressAsync(bad));
                texts.Add(ex!.ToString());
                ex = await Record.ExceptionAsync(() => gong.CreateClient().GetDataForPhoneNumberAsync(bad));
                texts.Add(ex!.ToString());
            }

            texts.AddRange(await OAuthFailureTextsAsync());
            texts.Add(GongCredential.FromAccessKey(FixtureValues.AccessKey, FixtureValues.AccessKeySecret).ToString());
            texts.Add(GongCredential.FromBearerToken(FixtureValues.BearerToken).ToString());
            texts.Add(gong.Options().ToString());
            texts.AddRange(EmittedText.Lines);

            Assert.Contains(EmittedText.Lines, l => l.Contains("a***@x***.com"));
            Assert.Contains(EmittedText.Lines, l => l.Contains("+1******2671"));
            var forbidden = new[]
            {
                FixtureValues.Email, "a+b", "a%2Bb", FixtureValues.Phone, "555-2671", "4255552671", "555%20", "jane.doe",
                FixtureValues.AccessKey, FixtureValues.AccessKeySecret, FixtureValues.BearerToken,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(FixtureValues.AccessKey + ":" + FixtureValues.AccessKeySecret)),
                "<html>", "9c1d0a7e5b3f4e2d8a6c0b1f2e3d4c5b",
                OAuthValues.ClientSecret, OAuthValues.AccessPrefix, OAuthValues.RefreshPrefix, OAuthValues.CodePrefix,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(OAuthValues.ClientId + ":" + OAuthValues.ClientSecret)),
            };
            foreach (var text in texts)
            {
                foreach (var value in forbidden)
                {
                    Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), "emitted text holds '" + value + "': " + text);
                }
            }
        }
    }
}
