using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Where the parts meet: one pipeline however the client is registered, one owner per limiter and quota on its own
    /// clock, attempt timeouts that count only the wire, failures that say whether Gong may have acted, and generated and
    /// hand-written operations that behave the same.
    /// </summary>
    public partial class SeamsTests
    {
        private const string Lookup = "/v2/data-privacy/data-for-email-address";
        private const string Erase = "/v2/data-privacy/erase-data-for-email-address";
        private const string Ok = "{\"requestId\":\"ok\",\"emails\":[]}";

        [Fact]
        public async Task Registering_twice_sends_exactly_the_attempts_the_exception_reports()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"r-500\",\"errors\":[\"boom\"]}"));
            var time = new FakeClock();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddGongDataPrivacyClient(o => Configure(o, gong, key: "twice"));
            services.AddGongDataPrivacyClient(o => o.Retry.MaxRetries = 2);
            using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IGongDataPrivacyClient>();

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(3, ex.Attempts); // the second registration's MaxRetries applies on top of the first's
            Assert.Equal(ex.Attempts, gong.Requests.Length);
            Assert.Equal(ex.Attempts, client.DailyQuota!.Used);
        }

        [Fact]
        public async Task Two_named_clients_for_two_tenants_keep_separate_limits_and_quotas()
        {
            using var first = LoopbackGong.Start();
            using var second = LoopbackGong.Start();
            foreach (var gong in new[] { first, second })
            {
                gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            }

            var time = new FakeClock();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddGongDataPrivacyClient("emea", o => { Configure(o, first, key: "emea"); o.RateLimit.PermitsPerSecond = 1; o.RateLimit.DailyQuota = 100; });
            services.AddGongDataPrivacyClient("us", o => { Configure(o, second, key: "us"); o.RateLimit.PermitsPerSecond = 1; o.RateLimit.DailyQuota = 200; });
            using var provider = services.BuildServiceProvider();
            var emea = provider.GetRequiredKeyedService<IGongDataPrivacyClient>("emea");
            var us = provider.GetRequiredKeyedService<IGongDataPrivacyClient>("us");

            // One permit a second each, and the clock never moves: both first calls go through only if the limiters are separate.
            await emea.GetDataForEmailAddressAsync(FixtureValues.Email);
            await us.GetDataForEmailAddressAsync(FixtureValues.Email);
            var waiting = emea.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());
            Assert.False(waiting.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(1025));
            await waiting;

            Assert.Equal(2, emea.DailyQuota!.Used);
            Assert.Equal(100, emea.DailyQuota.Limit);
            Assert.Equal(1, provider.GetRequiredKeyedService<IGongDataPrivacyClient>("us").DailyQuota!.Used);
            Assert.Equal(200, provider.GetRequiredKeyedService<IGongDataPrivacyClient>("us").DailyQuota!.Limit);
            Assert.Equal(2, first.Requests.Length);
            Assert.Single(second.Requests);
            Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IGongDataPrivacyClient>("apac"));
        }

        [Fact]
        public async Task A_second_client_of_the_same_tenant_waits_on_its_own_clock()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var key = "clock-" + Guid.NewGuid();
            var firstClock = new FakeClock();
            var secondClock = new FakeClock();
            using var first = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = key; o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; }), null, firstClock);
            using var second = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = key; o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; o.RateLimit.DailyQuotaWarningRatio = 0.5; }), null, secondClock);

            await first.GetDataForEmailAddressAsync(FixtureValues.Email);
            await second.GetDataForEmailAddressAsync(FixtureValues.Email);
            var waiting = second.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(TimeSpan.FromMilliseconds(1025), await secondClock.NextWaitAsync());
            secondClock.Advance(TimeSpan.FromMilliseconds(1025));
            await waiting;
            Assert.Equal(0.5, second.DailyQuota!.WarningRatio);
            Assert.Equal(0.9, first.DailyQuota!.WarningRatio);
            Assert.Equal(2, second.DailyQuota.Used);
        }

        [Fact]
        public async Task Clients_of_one_tenant_with_other_settings_cannot_add_up_past_the_first_clients_limit()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var key = "settings-" + Guid.NewGuid();
            var time = new FakeClock();
            using var first = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = key; o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; o.RateLimit.DailyQuota = 100; }), null, time);
            using var second = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = key; o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 3; o.RateLimit.DailyQuota = 200; }), null, time);

            await first.GetDataForEmailAddressAsync(FixtureValues.Email);
            var waiting = second.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());
            Assert.False(waiting.IsCompleted, "the second client must wait for the tenant's one permit a second");
            time.Advance(TimeSpan.FromMilliseconds(1025));
            await waiting;
            Assert.Same(first.DailyQuota, second.DailyQuota);
            Assert.Equal(100, second.DailyQuota!.Limit);
            Assert.Equal(2, second.DailyQuota.Used);
        }

        [Fact]
        public async Task Limiter_waits_longer_than_the_attempt_timeout_never_fail_a_call_that_was_not_sent()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(
                gong.Options(o =>
                {
                    o.AccessKey = "timeout-" + Guid.NewGuid();
                    o.RateLimit.Enabled = true;
                    o.RateLimit.PermitsPerSecond = 1;
                    o.Timeout = TimeSpan.FromSeconds(1);
                }),
                null,
                time);

            time.IgnoreWaitsOf(TimeSpan.FromSeconds(1)); // the attempt timeouts; the test moves the clock only for limiter waits
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            var second = client.GetDataForEmailAddressAsync(FixtureValues.Email);
            var third = client.GetDataForEmailAddressAsync(FixtureValues.Email);
            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());
            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());

            time.Advance(TimeSpan.FromMilliseconds(1025)); // 1.025 s of waiting, longer than the 1 s attempt timeout
            Assert.Equal("ok", (await second).RequestId);

            // The third waits for the second's window; the second's answer wakes it to start its wait again, maybe after the
            // first wait it started was taken from the clock: move the clock by each wait it starts until it is sent (moving
            // it once by the first could leave the restarted wait, started after the move, for ever in the future).
            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromMilliseconds(1025));
            Assert.Equal("ok", (await time.DriveAsync(third)).RequestId);

            Assert.Equal(3, gong.Requests.Length);
        }

        private static GongDataPrivacyOptions RawOptions(RawLoopbackServer server, Action<GongDataPrivacyOptions>? configure = null)
        {
            var options = new GongDataPrivacyOptions { BaseUrl = server.BaseUri.ToString(), AccessKey = "raw-" + Guid.NewGuid(), AccessKeySecret = "s" };
            options.Retry.Enabled = false;
            options.RateLimit.Enabled = false;
            configure?.Invoke(options);
            return options;
        }

        private static void Configure(GongDataPrivacyOptions options, LoopbackGong gong, string key)
        {
            options.BaseUrl = gong.BaseUri.ToString();
            options.AccessKey = key + "-" + Guid.NewGuid();
            options.AccessKeySecret = FixtureValues.AccessKeySecret;
        }
    }
}
