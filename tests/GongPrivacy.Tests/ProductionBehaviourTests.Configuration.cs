using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Dependency injection, options bound from configuration, their validation messages and the base URL.
    /// </summary>
    public partial class ProductionBehaviourTests
    {
        [Fact]
        public async Task Dependency_injection_registers_a_working_client_that_logs_one_masked_line_per_attempt()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-traceid", "trace-di").WithBody(Ok));
            var lines = new ConcurrentQueue<string>();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddProvider(new EmittedText.CapturingProvider(lines)));
            IHttpClientBuilder builder = services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = gong.BaseUri.ToString();
                o.AccessKey = FixtureValues.AccessKey;
                o.AccessKeySecret = FixtureValues.AccessKeySecret;
            });
            using var provider = services.BuildServiceProvider();

            var result = await provider.GetRequiredService<IGongDataPrivacyClient>().GetDataForEmailAddressAsync("jane.doe@example.com");

            Assert.Equal("ok", result.RequestId);
            Assert.Equal("GongPrivacy", builder.Name);
            var line = Assert.Single(lines, l => l.Contains("answered"));
            Assert.Contains("Gong GET /v2/data-privacy/data-for-email-address subject j***@e***.com answered 200", line);
            Assert.Contains("request id trace-di, attempt 1", line);
            Assert.DoesNotContain("jane.doe", line);
            Assert.DoesNotContain("emailAddress=", line);
            var quota = provider.GetRequiredService<IGongDataPrivacyClient>().DailyQuota;
            Assert.NotNull(quota);
            Assert.Equal(1, quota!.Used);
        }

        [Fact]
        public void Options_bind_from_configuration()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gong:BaseUrl"] = "https://us-12345.api.gong.io",
                ["Gong:AccessKey"] = "bound-access-key-4711",
                ["Gong:AccessKeySecret"] = "bound-secret-0815",
                ["Gong:Timeout"] = "00:00:30",
                ["Gong:Retry:MaxRetries"] = "5",
                ["Gong:Retry:MaxRetryAfter"] = "00:02:00",
                ["Gong:RateLimit:PermitsPerSecond"] = "2",
                ["Gong:RateLimit:DailyQuota"] = "5000",
            }).Build();
            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(configuration.GetSection(GongDataPrivacyOptions.SectionName));
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<GongDataPrivacyOptions>>().Value;

            Assert.Equal("https://us-12345.api.gong.io", options.BaseUrl);
            Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
            Assert.Equal(5, options.Retry.MaxRetries);
            Assert.Equal(TimeSpan.FromMinutes(2), options.Retry.MaxRetryAfter);
            Assert.Equal(2, options.RateLimit.PermitsPerSecond);
            Assert.Equal(5000, options.RateLimit.DailyQuota);
            Assert.Equal("access key", options.CreateCredential().Kind);
            Assert.Equal("bound-secret-0815", options.AccessKeySecret);
            Assert.Contains("Credential=access key", options.ToString());
            Assert.DoesNotContain("bound-secret-0815", options.ToString());
            Assert.DoesNotContain("bound-access-key-4711", options.ToString());
        }

        [Theory]
        [InlineData(null, null, null, "https://api.gong.io", "no credential is configured")]
        [InlineData("k", "secret-value-93", "token-value-17", "https://api.gong.io", "more than one kind of credential is configured (access key, bearer token)")]
        [InlineData("", "secret-value-93", null, "https://api.gong.io", "Gong:AccessKey is empty")]
        [InlineData("k", " ", null, "https://api.gong.io", "Gong:AccessKeySecret is empty")]
        [InlineData(null, null, "", "https://api.gong.io", "Gong:BearerToken is empty")]
        [InlineData("k", "s", null, "api.gong.io", "is not an absolute http(s) URL")]
        [InlineData("k", "s", null, "http://api.gong.io", "must use https")]
        [InlineData("k", "s", null, "", "base URL is empty")]
        public void Every_validation_message_is_clear(string? key, string? secret, string? token, string baseUrl, string expected)
        {
            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(o =>
            {
                o.AccessKey = key;
                o.AccessKeySecret = secret;
                o.BearerToken = token;
                o.BaseUrl = baseUrl;
            });
            using var provider = services.BuildServiceProvider();

            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GongDataPrivacyOptions>>().Value);

            Assert.Contains(expected, ex.Message);
            foreach (var secretValue in new[] { secret, token }.Where(v => !string.IsNullOrWhiteSpace(v) && v!.Length > 1))
            {
                Assert.DoesNotContain(secretValue!, ex.Message);
            }
            var create = Assert.Throws<ArgumentException>(() => GongDataPrivacy.CreateClient(new GongDataPrivacyOptions { AccessKey = key, AccessKeySecret = secret, BearerToken = token, BaseUrl = baseUrl }));
            Assert.Contains(expected, create.Message);
        }

        [Fact]
        public void Http_is_allowed_for_loopback_only()
        {
            Assert.Equal("http://127.0.0.1:8080/v2/", GongBaseUrl.Normalize("http://127.0.0.1:8080"));
            Assert.Equal("http://localhost/v2/", GongBaseUrl.Normalize("http://localhost/"));
            Assert.Equal("http://[::1]:9/v2/", GongBaseUrl.Normalize("http://[::1]:9/v2"));
            Assert.Throws<ArgumentException>(() => GongBaseUrl.Normalize("http://10.0.0.1"));
            Assert.Throws<ArgumentException>(() => GongBaseUrl.Normalize("ftp://api.gong.io"));
            Assert.Throws<ArgumentException>(() => GongBaseUrl.Normalize("https://user:pw@api.gong.io"));
        }

        [Theory]
        [InlineData("https://api.gong.io", "https://api.gong.io/v2/")]
        [InlineData("https://api.gong.io/", "https://api.gong.io/v2/")]
        [InlineData("https://api.gong.io/v2", "https://api.gong.io/v2/")]
        [InlineData("https://api.gong.io/v2/", "https://api.gong.io/v2/")]
        [InlineData("https://us-12345.api.gong.io", "https://us-12345.api.gong.io/v2/")]
        [InlineData("https://US-12345.api.gong.io/V2/", "https://us-12345.api.gong.io/V2/")]
        public void Base_url_gets_exactly_one_v2(string given, string expected)
        {
            Assert.Equal(expected, GongBaseUrl.Normalize(given));
        }

        [Fact]
        public async Task Tenant_base_url_without_v2_reaches_the_v2_path()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));

            await gong.CreateClient(o => o.BaseUrl = gong.Server.Url!).GetDataForEmailAddressAsync(FixtureValues.Email);
            await gong.CreateClient(o => o.BaseUrl = gong.Server.Url + "/v2/").GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.All(gong.Requests, r => Assert.Equal(Lookup, r.RequestMessage!.Path));
        }
    }
}
