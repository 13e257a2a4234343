using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Settings;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Where the parts meet: one pipeline however the client is registered, one owner per limiter and quota on its own
    /// clock, attempt timeouts that count only the wire, failures that say whether Gong may have acted, and generated and
    /// hand-written operations that behave the same.
    /// </summary>
    public class SeamsTests
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

        [Fact]
        public async Task A_token_provider_that_fails_sends_nothing_and_says_so()
        {
            using var gong = LoopbackGong.Start();
            using var client = GongDataPrivacy.CreateClient(gong.Options(o =>
            {
                o.AccessKey = null;
                o.AccessKeySecret = null;
                o.TokenProvider = _ => throw new InvalidOperationException("vault unavailable");
                o.Retry.Enabled = true;
            }));

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(0, ex.StatusCode);
            Assert.Equal(GongCredentialFailure.TokenProviderFailed, ex.Reason);
            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.False(ex.MayHaveReachedGong);
            Assert.IsType<InvalidOperationException>(ex.InnerException);
            Assert.Contains("nothing was sent", ex.Message);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task A_refused_connection_never_reached_gong_and_names_its_cause()
        {
            var port = LoopbackPorts.Free();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(
                new GongDataPrivacyOptions { BaseUrl = "http://127.0.0.1:" + port, AccessKey = "k", AccessKeySecret = "s", RateLimit = { Enabled = false }, Retry = { MaxRetries = 1 } },
                null,
                time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.EraseDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(0, ex.StatusCode);
            Assert.False(ex.MayHaveReachedGong);
            Assert.Equal(2, ex.Attempts); // never sent, so an erasure is retried like any call
            Assert.Contains("refused", ex.Message);
            Assert.Contains("Nothing reached Gong", ex.Message);
        }

        [Fact]
        public async Task Cancelled_while_waiting_for_the_limiter_is_not_sent()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = "cancel-" + Guid.NewGuid(); o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; }), null, time);
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            using var cancel = new CancellationTokenSource();

            var waiting = client.EraseDataForEmailAddressAsync(FixtureValues.Email, cancel.Token);
            await time.NextWaitAsync();
            cancel.Cancel();

            var ex = await Assert.ThrowsAsync<GongOperationCanceledException>(() => waiting);
            Assert.False(ex.MayHaveReachedGong);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task An_erasure_whose_connection_dropped_after_sending_may_have_reached_gong_and_is_not_sent_again()
        {
            using var gong = RawLoopbackServer.DropsAfterReading();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(RawOptions(gong, o => o.Retry.Enabled = true), null, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.EraseDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(0, ex.StatusCode);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(1, ex.Attempts);
            Assert.Contains("Gong may have received it", ex.Message);
            Assert.Equal(1, gong.Requests);
        }

        [Fact]
        public async Task A_lookup_whose_connection_dropped_is_retried_and_reports_every_attempt()
        {
            using var gong = RawLoopbackServer.DropsAfterReading();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(RawOptions(gong, o => { o.Retry.Enabled = true; o.Retry.MaxRetries = 2; }), null, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(3, ex.Attempts);
            // .NET's own transport may send a GET again on a fresh connection when a reused one closes before any answer.
            Assert.True(gong.Requests >= 3, gong.Requests + " requests");
        }




        [Fact]
        public async Task Every_operation_that_takes_a_subject_refuses_a_bad_one_the_same_way_and_sends_nothing()
        {
            using var gong = LoopbackGong.Start();
            using var client = GongDataPrivacy.CreateClient(gong.Options());
            var expected = new System.Collections.Generic.Dictionary<string, string>
            {
                ["emailAddress"] = (await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForEmailAddressAsync("not-an-email"))).Message,
                ["phoneNumber"] = (await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForPhoneNumberAsync("4255552671"))).Message,
            };

            // Found by their parameters, whatever the document holds: an operation Gong adds without a subject (an erasure's
            // status by request id) has nothing to refuse, and one it adds with a subject must refuse like the others.
            var withSubject = ClientOperations.All().Where(o => o.GetParameters().Any(p => expected.ContainsKey(p.Name!))).ToList();
            Assert.NotEmpty(withSubject);
            foreach (var operation in withSubject)
            {
                var ex = await Record.ExceptionAsync(() => ClientOperations.Invoke(client, operation, CancellationToken.None, "not-an-email", "4255552671"));
                var refusal = Assert.IsAssignableFrom<ArgumentException>(ex);
                Assert.True(expected.ContainsKey(refusal.ParamName!), operation.Name + " refused " + refusal.ParamName);
                Assert.Equal(expected[refusal.ParamName!], refusal.Message);
            }

            Assert.Empty(gong.Requests);
        }

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
