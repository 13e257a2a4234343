using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>Retries, the rate limiter, the quota, cancellation and dependency injection, on a fake clock.</summary>
    public class ProductionBehaviourTests
    {
        private const string Lookup = "/v2/data-privacy/data-for-email-address";
        private const string Ok = "{\"requestId\":\"ok\",\"emails\":[]}";

        [Fact]
        public async Task Status_429_with_Retry_After_2_then_200_waits_two_seconds_and_retries_once()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("rl").WillSetStateTo("open")
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2").WithBody("{\"requestId\":\"r429\",\"errors\":[\"limit\"]}"));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("rl").WhenStateIs("open")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);

            var call = client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(TimeSpan.FromSeconds(2), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromMilliseconds(1900));
            Assert.False(call.IsCompleted, "the client must wait the whole Retry-After");
            Assert.Single(gong.Requests);

            time.Advance(TimeSpan.FromMilliseconds(100));
            var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("ok", result.RequestId);
            Assert.Equal(2, gong.Requests.Length);
        }

        [Fact]
        public async Task Retry_After_as_an_http_date_is_honoured_in_utc()
        {
            using var gong = LoopbackGong.Start();
            var time = new FakeClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("date").WillSetStateTo("open")
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "Mon, 23 Nov 2026 10:00:05 GMT"));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("date").WhenStateIs("open")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);

            var call = client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(TimeSpan.FromSeconds(5), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromSeconds(4));
            Assert.False(call.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));

            Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(10))).RequestId);
        }

        [Fact]
        public async Task A_run_of_429s_gives_up_at_the_cap_with_the_attempt_count()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup))
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("x-traceid", "t-429").WithBody("{\"requestId\":\"r-429\",\"errors\":[\"API request limit exceeded\"]}"));
            var time = new FakeClock();
            var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.MaxRateLimitRetries = 3; }, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Drive(time, client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(429, ex.StatusCode);
            Assert.Equal(4, ex.Attempts);
            Assert.Equal("r-429", ex.RequestId);
            Assert.Contains("after 4 attempts", ex.Message);
            Assert.Equal(4, gong.Requests.Length);
        }

        [Fact]
        public async Task Retry_After_longer_than_the_cap_is_cut_to_the_cap()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("cap").WillSetStateTo("open")
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("cap").WhenStateIs("open")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(5); }, time);

            var call = client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(TimeSpan.FromSeconds(5), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromSeconds(5));

            Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(10))).RequestId);
        }

        [Fact]
        public async Task Status_503_503_200_succeeds()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("t").WillSetStateTo("one")
                .RespondWith(Response.Create().WithStatusCode(503));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("t").WhenStateIs("one").WillSetStateTo("two")
                .RespondWith(Response.Create().WithStatusCode(503).WithBody("<html>busy</html>"));
            gong.Server.Given(Request.Create().WithPath(Lookup)).InScenario("t").WhenStateIs("two")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);

            var result = await Drive(time, client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal("ok", result.RequestId);
            Assert.Equal(3, gong.Requests.Length);
        }

        [Fact]
        public async Task Transient_failures_give_up_after_MaxRetries_with_the_last_status()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup))
                .RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"r-500\",\"errors\":[\"An error has occurred\"]}"));
            var time = new FakeClock();
            var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.MaxRetries = 2; }, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Drive(time, client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(500, ex.StatusCode);
            Assert.Equal(3, ex.Attempts);
            Assert.Equal("r-500", ex.RequestId);
        }

        [Fact]
        public async Task Erase_answered_500_is_not_sent_again_and_says_it_may_have_reached_gong()
        {
            using var gong = EraseAnswering500Then200();
            var time = new FakeClock();
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Drive(time, client.EraseDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(500, ex.StatusCode);
            Assert.Equal("e-500", ex.RequestId);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(1, ex.Attempts);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task Erase_answered_500_then_200_reaches_the_server_exactly_twice_when_resending_in_doubt_is_allowed()
        {
            using var gong = EraseAnswering500Then200();
            var time = new FakeClock();
            var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.ResendErasuresInDoubt = true; }, time);

            var result = await Drive(time, client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal("e-200", result.RequestId);
            Assert.Equal(2, gong.Requests.Length);
            Assert.All(gong.Requests, r => Assert.Equal("0", r.RequestMessage!.Headers!["Content-Length"].Single()));
        }

        [Fact]
        public async Task Erase_answered_503_or_429_is_sent_again_because_gong_did_not_act_on_it()
        {
            using var gong = LoopbackGong.Start();
            const string Erase = "/v2/data-privacy/erase-data-for-email-address";
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("e").WillSetStateTo("second")
                .RespondWith(Response.Create().WithStatusCode(503));
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("e").WhenStateIs("second").WillSetStateTo("ok")
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("e").WhenStateIs("ok")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"e-200\"}"));
            var time = new FakeClock();
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);

            var result = await Drive(time, client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal("e-200", result.RequestId);
            Assert.Equal(3, gong.Requests.Length);
        }

        [Fact]
        public async Task Client_errors_other_than_429_are_not_retried()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(401).WithBody("{\"requestId\":\"r-401\",\"errors\":[\"Access denied\"]}"));
            var client = gong.CreateClient(o => o.Retry.Enabled = true, new FakeClock());

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(401, ex.StatusCode);
            Assert.Equal(1, ex.Attempts);
            Assert.Contains("check the access key", ex.Message);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task A_refused_connection_is_retried_and_then_reported_as_unreachable()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var time = new FakeClock();
            var client = GongDataPrivacy.CreateClient(
                new GongDataPrivacyOptions { BaseUrl = "http://127.0.0.1:" + port, AccessKey = FixtureValues.AccessKey, AccessKeySecret = FixtureValues.AccessKeySecret, Retry = { MaxRetries = 1 }, RateLimit = { Enabled = false } },
                EmittedText.LoggerFactory,
                time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Drive(time, client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(0, ex.StatusCode);
            Assert.Equal(2, ex.Attempts);
            Assert.Contains("could not be reached", ex.Message);
            Assert.IsType<HttpRequestException>(ex.InnerException);
        }

        [Fact]
        public async Task A_malformed_chunk_ends_in_the_typed_exception()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
            var time = new FakeClock();
            var client = gong.CreateClient(o => { o.Retry.Enabled = true; o.Retry.MaxRetries = 1; }, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Drive(time, client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.DoesNotContain(FixtureValues.Email, ex.ToString());
        }

        [Fact]
        public async Task Cancelling_during_a_Retry_After_wait_stops_the_wait_and_says_nothing_reached_gong()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30"));
            var time = new FakeClock();
            var client = gong.CreateClient(o => o.Retry.Enabled = true, time);
            using var cancel = new CancellationTokenSource();

            var call = client.GetDataForEmailAddressAsync(FixtureValues.Email, cancel.Token);
            Assert.Equal(TimeSpan.FromSeconds(30), await time.NextWaitAsync());
            cancel.Cancel();

            // The fake clock never moves: the call can only end because the wait was cancelled.
            var ex = await Assert.ThrowsAsync<GongOperationCanceledException>(() => call);
            Assert.Equal(cancel.Token, ex.CancellationToken);
            Assert.False(ex.MayHaveReachedGong, "the one request Gong saw was refused with 429");
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task The_limiter_lets_no_more_than_the_configured_number_start_in_any_second_across_clients()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            var starts = new ConcurrentQueue<DateTimeOffset>();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = gong.BaseUri.ToString();
                o.AccessKey = "limiter-key-" + Guid.NewGuid();
                o.AccessKeySecret = FixtureValues.AccessKeySecret;
                o.RateLimit.PermitsPerSecond = 3;
            }).AddHttpMessageHandler(() => new RecordingHandler(time, starts));
            using var provider = services.BuildServiceProvider();
            var first = provider.GetRequiredService<IGongDataPrivacyClient>();
            var second = provider.GetRequiredService<IGongDataPrivacyClient>();

            var calls = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).GetDataForEmailAddressAsync(FixtureValues.Email)).ToArray();
            await Drive(time, Task.WhenAll(calls));

            var times = starts.OrderBy(t => t).ToArray();
            Assert.Equal(10, times.Length);
            for (var i = 0; i < times.Length; i++)
            {
                var inWindow = times.Count(t => t >= times[i] && t < times[i] + TimeSpan.FromSeconds(1));
                Assert.True(inWindow <= 3, inWindow + " calls started within one second of " + times[i].ToString("O"));
            }

            Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(3), "10 calls at 3 per second need at least 3 seconds");
        }

        [Fact]
        public async Task The_daily_quota_counts_calls_and_warns_once_near_the_limit()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var client = gong.CreateClient(o => { o.AccessKey = "quota-" + Guid.NewGuid(); o.RateLimit.DailyQuota = 5; o.RateLimit.DailyQuotaWarningRatio = 0.6; });
            var warnings = 0;
            var warned = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DailyQuota!.NearLimit += (_, _) => { Interlocked.Increment(ref warnings); warned.TrySetResult(true); };

            for (var i = 0; i < 4; i++)
            {
                await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            }

            Assert.Equal(4, client.DailyQuota.Used);
            Assert.Equal(1, client.DailyQuota.Remaining);
            Assert.True(client.DailyQuota.IsNearLimit);
            Assert.False(client.DailyQuota.IsExhausted);
            await warned.Task.WaitAsync(TimeSpan.FromSeconds(10)); // subscribers run on the thread pool
            Assert.Equal(1, Volatile.Read(ref warnings));
        }

        [Fact]
        public void The_daily_quota_starts_again_at_midnight_utc()
        {
            var time = new FakeClock(new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.Zero));
            var quota = new GongDailyQuota(2, 0.5, time);
            quota.Count();
            quota.Count();
            Assert.True(quota.IsExhausted);
            Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), quota.ResetsAt);

            time.Advance(TimeSpan.FromMinutes(2));

            Assert.Equal(0, quota.Used);
            Assert.False(quota.IsNearLimit);
        }

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

        [Fact]
        public async Task A_token_provider_is_asked_before_each_request()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var issued = 0;
            var client = gong.CreateClient(o =>
            {
                o.AccessKey = null;
                o.AccessKeySecret = null;
                o.TokenProvider = _ => new ValueTask<string>("fixture-token-" + Interlocked.Increment(ref issued));
            });

            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(new[] { "Bearer fixture-token-1", "Bearer fixture-token-2" }, gong.Requests.Select(r => r.RequestMessage!.Headers!["Authorization"].Single()).OrderBy(x => x));
        }

        [Fact]
        public async Task Each_call_emits_one_span_without_personal_data()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-traceid", "trace-span").WithBody(Ok));
            var spans = new ConcurrentQueue<Activity>();
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == GongTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => spans.Enqueue(a),
            };
            ActivitySource.AddActivityListener(listener);
            var port = gong.BaseUri.Port.ToString();

            await gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email);

            var span = Assert.Single(spans, s => Equals(s.GetTagItem("server.address"), "127.0.0.1") && s.GetTagItem("gong.request_id") as string == "trace-span");
            Assert.Equal("Gong GET data-for-email-address", span.DisplayName);
            Assert.Equal(200, span.GetTagItem("http.response.status_code"));
            Assert.Equal(1, span.GetTagItem("gong.attempts"));
            Assert.All(span.Tags, t => Assert.DoesNotContain("x.com", t.Value ?? string.Empty));
            Assert.All(span.Tags, t => Assert.DoesNotContain("emailAddress", t.Value ?? string.Empty));
        }

        private static LoopbackGong EraseAnswering500Then200()
        {
            var gong = LoopbackGong.Start();
            const string Erase = "/v2/data-privacy/erase-data-for-email-address";
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("e").WillSetStateTo("ok")
                .RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"e-500\",\"errors\":[\"An error has occurred\"]}"));
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("e").WhenStateIs("ok")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"e-200\"}"));
            return gong;
        }

        private static Task<T> Drive<T>(FakeClock time, Task<T> task) => time.DriveAsync(task);

        private static Task Drive(FakeClock time, Task task) => time.DriveAsync(task);

        private sealed class RecordingHandler : DelegatingHandler
        {
            private readonly TimeProvider _time;
            private readonly ConcurrentQueue<DateTimeOffset> _starts;

            public RecordingHandler(TimeProvider time, ConcurrentQueue<DateTimeOffset> starts)
            {
                _time = time;
                _starts = starts;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                _starts.Enqueue(_time.GetUtcNow());
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
