using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>Limiters and quotas over the clients' lifetimes, and an HttpClient of your own.</summary>
    public partial class SeamsTests
    {
        [Fact]
        public async Task A_near_limit_subscriber_can_neither_fail_nor_block_a_call()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            using var client = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = "near-" + Guid.NewGuid(); o.RateLimit.DailyQuota = 1; }));
            using var release = new ManualResetEventSlim();
            var called = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DailyQuota!.NearLimit += (_, _) => { called.TrySetResult(true); release.Wait(TimeSpan.FromSeconds(60)); };
            client.DailyQuota.NearLimit += (_, _) => throw new InvalidOperationException("subscriber bug");

            // The first subscriber blocks until the call has returned: a call that waited for it would never return in time.
            var result = await client.GetDataForEmailAddressAsync(FixtureValues.Email).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("ok", result.RequestId);
            Assert.True(await called.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the subscriber ran");
            release.Set();
        }

        [Fact]
        public void Without_a_daily_quota_the_client_says_so_and_nothing_else_is_registered()
        {
            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(o => { o.AccessKey = "k"; o.AccessKeySecret = "s"; o.RateLimit.DailyQuota = 0; });
            using var provider = services.BuildServiceProvider();

            Assert.Null(provider.GetRequiredService<IGongDataPrivacyClient>().DailyQuota);
            Assert.Null(provider.GetService<GongDailyQuota>());
        }

        [Fact]
        public void Clients_built_without_di_can_be_disposed_and_share_one_limiter_per_tenant_and_clock()
        {
            var time = new FakeClock();
            var options = new GongDataPrivacyOptions { BaseUrl = "http://127.0.0.1:9", AccessKey = "shared-" + Guid.NewGuid(), AccessKeySecret = "s" };
            var first = GongDataPrivacy.CreateClient(options, null, time);
            var second = GongDataPrivacy.CreateClient(options, null, time);

            Assert.Same(first.DailyQuota, second.DailyQuota);
            first.Dispose();
            second.Dispose();
            Assert.ThrowsAny<ObjectDisposedException>(() => { first.GetDataForEmailAddressAsync(FixtureValues.Email).GetAwaiter().GetResult(); });
        }

        [Fact]
        public void Limiters_of_clients_that_are_gone_do_not_accumulate()
        {
            var limits = new Http.GongSharedLimits(new FakeClock());
            CreateMany(limits, 200);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            CreateMany(limits, 1);

            Assert.True(limits.Count <= 2 * 2, "live entries: " + limits.Count);
        }

        private static void CreateMany(Http.GongSharedLimits limits, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var credential = GongCredential.FromTokenProvider(_ => new ValueTask<string>("t"));
                var key = Http.GongSharedLimits.TenantKey(GongBaseUrl.Default, credential);
                Assert.NotNull(limits.Limiter(key, new GongRateLimitOptions()));
                Assert.NotNull(limits.Quota(key, new GongRateLimitOptions()));
            }
        }

        [Fact]
        public async Task An_HttpClient_of_your_own_keeps_its_headers_and_timeout_and_its_failures_are_still_typed()
        {
            // Its own header arrives: the client sends through it.
            using (var gong = LoopbackGong.Start())
            {
                gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
                using var own = new HttpClient();
                own.DefaultRequestHeaders.Add("X-Own-Header", "mine");
                var found = await GongDataPrivacy.CreateClient(own, new Uri(gong.BaseUri.ToString())).GetDataForEmailAddressAsync(FixtureValues.Email); // no /v2: added, as documented
                Assert.NotNull(found.RequestId);
                Assert.Equal("mine", Assert.Single(gong.Requests).RequestMessage!.Headers!["X-Own-Header"].Single());

                // Its own timeout: no answer in time is "Gong could not be reached", sent, so it may have reached Gong.
                gong.Server.Given(Request.Create().WithPath(Lookup).UsingAnyMethod()).AtPriority(0).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok).WithDelay(TimeSpan.FromSeconds(10)));
                using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
                var late = await Assert.ThrowsAsync<GongApiException>(() => GongDataPrivacy.CreateClient(impatient, new Uri(gong.BaseUri + "v2")).GetDataForEmailAddressAsync(FixtureValues.Email));
                Assert.Equal(0, late.StatusCode);
                Assert.True(late.MayHaveReachedGong);
                Assert.Contains("timed out", late.Message);
            }

            // Refused: nothing left the process.
            using var plain = new HttpClient();
            var refused = GongDataPrivacy.CreateClient(plain, new Uri(LoopbackPorts.ClosedUrl()));
            var notSent = await Assert.ThrowsAsync<GongApiException>(() => refused.EraseDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(0, notSent.StatusCode);
            Assert.False(notSent.MayHaveReachedGong);
            Assert.Contains("connection refused", notSent.Message);
            Assert.DoesNotContain(FixtureValues.Email, notSent.ToString());

            // Dropped after the request was read: sent, no answer.
            using (var dropping = RawLoopbackServer.DropsAfterReading())
            {
                var dropped = await Assert.ThrowsAsync<GongApiException>(() => GongDataPrivacy.CreateClient(plain, new Uri(dropping.BaseUri.ToString())).EraseDataForEmailAddressAsync(FixtureValues.Email));
                Assert.Equal(0, dropped.StatusCode);
                Assert.True(dropped.MayHaveReachedGong);
            }
        }


        /// <summary>An address on 127.0.0.1 where nothing listens: a connection there is refused.</summary>
    }
}
