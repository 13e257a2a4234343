using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The retry, the exception and the attempt observer read the same outcome, from a success to a dropped connection.
    /// </summary>
    public partial class OutcomeTests
    {
        [Fact]
        public async Task A_success_is_seen_before_it_is_sent_then_with_its_outcome_and_request_id()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-traceid", "trace-ok").WithBody("{\"requestId\":\"erase-ok\"}"));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);

            var erased = await client.EraseDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal("erase-ok", erased.RequestId);
            Assert.Collection(
                observer.Events,
                sending =>
                {
                    Assert.Equal("sending", sending.Stage);
                    Assert.Null(sending.Attempt.Outcome);
                    Assert.False(sending.Attempt.Sent);
                },
                done =>
                {
                    Assert.Equal("completed", done.Stage);
                    Assert.Equal(GongOutcome.Success, done.Attempt.Outcome);
                    Assert.True(done.Attempt.Sent);
                    Assert.Equal(200, done.Attempt.StatusCode);
                    Assert.Equal("trace-ok", done.Attempt.RequestId);
                    Assert.Equal(1, done.Attempt.Number);
                });
            var attempt = observer.Events[1].Attempt;
            Assert.Equal(observer.Events[0].Attempt.CallId, attempt.CallId);
            Assert.Equal("POST", attempt.Method);
            Assert.Equal(Erase, attempt.Path);
            Assert.Equal("emailAddress", attempt.SubjectParameter);
            Assert.Equal(FixtureValues.Email, attempt.Subject);
            Assert.DoesNotContain(FixtureValues.Email, attempt.ToString());
        }

        [Theory]
        [InlineData(400, GongOutcome.Refused, false)]
        [InlineData(404, GongOutcome.Refused, false)]
        [InlineData(429, GongOutcome.Retryable, false)]
        [InlineData(503, GongOutcome.Retryable, false)]
        [InlineData(500, GongOutcome.MayHaveReachedGong, true)]
        [InlineData(502, GongOutcome.MayHaveReachedGong, true)]
        public async Task The_observer_sees_the_outcome_the_exception_carries(int status, GongOutcome expected, bool mayHaveReachedGong)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("x-traceid", "t-" + status).WithBody("{\"requestId\":\"r-" + status + "\",\"errors\":[\"no\"]}"));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            var completed = observer.Completed.Single();
            Assert.Equal(expected, ex.Outcome);
            Assert.Equal(ex.Outcome, completed.Outcome);
            Assert.Equal(ex.StatusCode, completed.StatusCode);
            Assert.Equal(mayHaveReachedGong, ex.MayHaveReachedGong);
            Assert.Equal(ex.MayHaveReachedGong, completed.MayHaveReachedGong);
            Assert.Equal("r-" + status, ex.RequestId);
            Assert.Equal("t-" + status, completed.RequestId);
        }

        [Fact]
        public async Task A_refused_connection_is_retryable_and_not_sent_for_the_observer_and_the_exception_alike()
        {
            var observer = new RecordingObserver();
            using var client = GongDataPrivacy.CreateClient(new GongDataPrivacyOptions
            {
                BaseUrl = LoopbackPorts.ClosedUrl(),
                AccessKey = "k",
                AccessKeySecret = "s",
                AttemptObserver = observer,
                Retry = { Enabled = false },
                RateLimit = { Enabled = false },
            });

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            var completed = observer.Completed.Single();
            Assert.Equal(GongOutcome.Retryable, ex.Outcome);
            Assert.Equal(ex.Outcome, completed.Outcome);
            Assert.False(completed.Sent);
            Assert.False(ex.MayHaveReachedGong);
            Assert.Equal(0, ex.StatusCode);
            Assert.Contains("connection refused", completed.Failure);
            Assert.Equal(completed.Failure, ex.Failure);
        }

        [Fact]
        public async Task A_connection_dropped_after_the_request_was_read_may_have_reached_gong_for_both()
        {
            using var dropping = RawLoopbackServer.DropsAfterReading();
            var observer = new RecordingObserver();
            using var client = GongDataPrivacy.CreateClient(new GongDataPrivacyOptions
            {
                BaseUrl = dropping.BaseUri.ToString(),
                AccessKey = "k",
                AccessKeySecret = "s",
                AttemptObserver = observer,
                RateLimit = { Enabled = false },
            });

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            var completed = observer.Completed.Single();
            Assert.Equal(GongOutcome.MayHaveReachedGong, ex.Outcome);
            Assert.Equal(ex.Outcome, completed.Outcome);
            Assert.True(completed.Sent);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(1, dropping.Requests);
            Assert.Equal(1, ex.Attempts);
        }

        [Fact]
        public async Task The_retry_follows_the_outcome_an_erasure_refused_for_now_is_sent_again_one_in_doubt_is_not()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("busy").WillSetStateTo("ok")
                .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0").WithBody("{\"requestId\":\"busy\"}"));
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).InScenario("busy").WhenStateIs("ok")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"done\"}"));
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/erase-data-for-phone-number").UsingPost())
                .RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"boom\"}"));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            });

            var erased = await client.EraseDataForEmailAddressAsync(FixtureValues.Email);
            var inDoubt = await Assert.ThrowsAsync<GongApiException>(() => client.EraseDataForPhoneNumberAsync(FixtureValues.Phone));

            Assert.Equal("done", erased.RequestId);
            Assert.Equal(new GongOutcome?[] { GongOutcome.Retryable, GongOutcome.Success, GongOutcome.MayHaveReachedGong }, observer.Completed.Select(a => a.Outcome));
            Assert.Equal(new[] { 1, 2, 1 }, observer.Completed.Select(a => a.Number));
            Assert.Equal(1, inDoubt.Attempts);
            Assert.Equal(GongOutcome.MayHaveReachedGong, inDoubt.Outcome);
            Assert.Single(gong.Requests, r => r.RequestMessage!.Path.EndsWith("phone-number", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_lookup_that_may_have_reached_gong_is_tried_again_it_changes_nothing()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).InScenario("l").WillSetStateTo("ok")
                .RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"boom\"}"));
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).InScenario("l").WhenStateIs("ok")
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"found\"}"));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            });

            var found = await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal("found", found.RequestId);
            Assert.Equal(new GongOutcome?[] { GongOutcome.MayHaveReachedGong, GongOutcome.Success }, observer.Completed.Select(a => a.Outcome));
        }
    }
}
