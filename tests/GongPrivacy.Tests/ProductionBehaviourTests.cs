using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>Retries, the rate limiter, the quota, cancellation and dependency injection, on a fake clock.</summary>
    public partial class ProductionBehaviourTests
    {
        private const string Lookup = "/v2/data-privacy/data-for-email-address";
        private const string Ok = "{\"requestId\":\"ok\",\"emails\":[]}";

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
