using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Retries on the fake clock: Retry-After and its cap, transient statuses, erasures that may have reached Gong,
    /// refused connections, a malformed answer, and cancelling during a wait.
    /// </summary>
    public partial class ProductionBehaviourTests
    {
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
    }
}
