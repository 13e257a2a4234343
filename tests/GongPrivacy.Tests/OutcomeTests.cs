using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
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
    /// The one classifier (<see cref="GongClassifier"/>): one test per outcome, then proof that the retry, the exception and
    /// the public attempt observer all read the same decision.
    /// </summary>
    public class OutcomeTests
    {
        private const string Lookup = "/v2/data-privacy/data-for-email-address";
        private const string Erase = "/v2/data-privacy/erase-data-for-email-address";

        [Theory]
        [InlineData(200, GongOutcome.Success, GongCause.None)]
        [InlineData(202, GongOutcome.Success, GongCause.None)]
        [InlineData(204, GongOutcome.Success, GongCause.None)]
        [InlineData(400, GongOutcome.Refused, GongCause.Rejected)]
        [InlineData(409, GongOutcome.Refused, GongCause.Rejected)]
        [InlineData(422, GongOutcome.Refused, GongCause.Rejected)]
        [InlineData(401, GongOutcome.Refused, GongCause.AccessDenied)]
        [InlineData(403, GongOutcome.Refused, GongCause.AccessDenied)]
        [InlineData(404, GongOutcome.Refused, GongCause.NotFound)]
        [InlineData(429, GongOutcome.Retryable, GongCause.RateLimited)]
        [InlineData(503, GongOutcome.Retryable, GongCause.Unavailable)]
        [InlineData(408, GongOutcome.Retryable, GongCause.Unavailable)]
        [InlineData(500, GongOutcome.MayHaveReachedGong, GongCause.ServerError)]
        [InlineData(502, GongOutcome.MayHaveReachedGong, GongCause.ServerError)]
        [InlineData(504, GongOutcome.MayHaveReachedGong, GongCause.ServerError)]
        [InlineData(599, GongOutcome.MayHaveReachedGong, GongCause.ServerError)]
        [InlineData(301, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        [InlineData(302, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        [InlineData(307, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        public void Each_status_has_one_outcome_and_one_cause(int status, GongOutcome outcome, GongCause cause)
        {
            var verdict = GongClassifier.Classify(status);

            Assert.Equal(outcome, verdict.Outcome);
            Assert.Equal(cause, verdict.Cause);
        }

        [Theory]
        [InlineData("text/html", false, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        [InlineData("text/plain", false, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        [InlineData("application/json", true, GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer)]
        [InlineData("application/json", false, GongOutcome.Success, GongCause.None)]
        [InlineData("application/problem+json", false, GongOutcome.Success, GongCause.None)]
        [InlineData(null, false, GongOutcome.Success, GongCause.None)]
        public void A_2xx_page_that_is_not_json_or_that_came_through_a_redirect_is_not_gongs_answer(string? media, bool redirected, GongOutcome outcome, GongCause cause)
        {
            var verdict = GongClassifier.Classify(200, media == null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(media), redirected);

            Assert.Equal(outcome, verdict.Outcome);
            Assert.Equal(cause, verdict.Cause);
        }

        [Fact]
        public void A_failure_before_the_network_is_a_refusal_whatever_it_is()
        {
            Assert.Equal(new GongVerdict(GongOutcome.Refused, GongCause.NoToken), GongClassifier.Classify(new InvalidOperationException("no token"), handedToNetwork: false));
            Assert.Equal(new GongVerdict(GongOutcome.Refused, GongCause.NoToken), GongClassifier.Classify(new IOException("disk"), handedToNetwork: false));
            Assert.Equal(new GongVerdict(GongOutcome.Refused, GongCause.Cancelled), GongClassifier.Classify(new OperationCanceledException(), handedToNetwork: false, cancelledByCaller: true));
        }

        [Fact]
        public void A_connection_refused_before_anything_was_written_is_retryable()
        {
            var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));

            Assert.Equal(new GongVerdict(GongOutcome.Retryable, GongCause.NoConnection), GongClassifier.Classify(refused, handedToNetwork: true));
        }

        [Fact]
        public void A_host_that_does_not_resolve_or_a_failed_tls_handshake_is_a_refusal()
        {
            var dns = new HttpRequestException(HttpRequestError.NameResolutionError, "no such host", new SocketException((int)SocketError.HostNotFound));
            var tls = new HttpRequestException(HttpRequestError.SecureConnectionError, "tls", new System.Security.Authentication.AuthenticationException("handshake"));

            Assert.Equal(new GongVerdict(GongOutcome.Refused, GongCause.NoConnection), GongClassifier.Classify(dns, handedToNetwork: true));
            Assert.Equal(new GongVerdict(GongOutcome.Refused, GongCause.NoConnection), GongClassifier.Classify(tls, handedToNetwork: true));
        }

        [Fact]
        public void A_connection_lost_or_a_timeout_or_a_cancellation_after_sending_may_have_reached_gong()
        {
            var noAnswer = new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.NoAnswer);
            Assert.Equal(noAnswer, GongClassifier.Classify(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), handedToNetwork: true));
            Assert.Equal(noAnswer, GongClassifier.Classify(new IOException("reset"), handedToNetwork: true));
            Assert.Equal(noAnswer, GongClassifier.Classify(new Polly.Timeout.TimeoutRejectedException(), handedToNetwork: true));
            Assert.Equal(noAnswer, GongClassifier.Classify(new OperationCanceledException(), handedToNetwork: true));
            Assert.Equal(new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.Cancelled), GongClassifier.Classify(new OperationCanceledException(), handedToNetwork: true, cancelledByCaller: true));
        }

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

        [Fact]
        public async Task An_observer_that_fails_before_sending_stops_the_call_with_its_own_exception_and_nothing_is_sent()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"x\"}"));
            var observer = new RecordingObserver { FailOnSending = new IOException("journal disk full") };
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
            });

            var ex = await Assert.ThrowsAsync<IOException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Same(observer.FailOnSending, ex);
            Assert.Empty(gong.Requests);
            Assert.Empty(observer.Completed);
        }

        [Fact]
        public async Task An_observer_on_a_client_of_your_own_HttpClient_hears_the_same()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).RespondWith(Response.Create().WithStatusCode(401).WithBody("{\"requestId\":\"denied\"}"));
            var observer = new RecordingObserver();
            using var own = new HttpClient();
            using var client = GongDataPrivacy.CreateClient(own, gong.BaseUri, observer);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.Equal(new[] { "sending", "completed" }, observer.Events.Select(e => e.Stage));
            Assert.Equal(GongOutcome.Refused, observer.Completed.Single().Outcome);
        }

        [Fact]
        public async Task An_observer_registered_with_dependency_injection_is_used()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-traceid", "di").WithBody("{\"requestId\":\"di\"}"));
            var observer = new RecordingObserver();
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IGongAttemptObserver>(services, observer);
            Microsoft.Extensions.DependencyInjection.GongServiceCollectionExtensions.AddGongDataPrivacyClient(services, o =>
            {
                o.BaseUrl = gong.BaseUri.ToString();
                o.AccessKey = "k";
                o.AccessKeySecret = "s";
                o.RateLimit.Enabled = false;
            });
            using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGongDataPrivacyClient>(provider);

            await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal("di", observer.Completed.Single().RequestId);
        }


        [Fact]
        public async Task A_credential_that_fails_after_an_earlier_attempt_was_sent_says_the_call_may_have_reached_gong()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"boom\"}"));
            var tokens = 0;
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o =>
            {
                o.AccessKey = null;
                o.AccessKeySecret = null;
                o.TokenProvider = _ => ++tokens == 1 ? new ValueTask<string>("first-token") : throw new InvalidOperationException("vault gone");
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
                o.Retry.ResendErasuresInDoubt = true;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            });

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(new GongOutcome?[] { GongOutcome.MayHaveReachedGong, GongOutcome.Refused }, observer.Completed.Select(a => a.Outcome));
            Assert.False(observer.Completed[1].Sent);
            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.Equal(2, ex.Attempts);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Contains("may have reached Gong", ex.Message);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task A_call_cancelled_while_its_request_is_on_the_wire_carries_the_outcome_the_observer_saw()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"late\"}").WithDelay(TimeSpan.FromSeconds(30)));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);
            using var cancel = new CancellationTokenSource();
            observer.OnSendingDo = () => cancel.CancelAfter(TimeSpan.FromMilliseconds(200)); // cancel once the request is handed over

            var ex = await Assert.ThrowsAsync<GongOperationCanceledException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email, cancel.Token));

            var completed = observer.Completed.Single();
            Assert.Equal(GongOutcome.MayHaveReachedGong, completed.Outcome);
            Assert.Equal(completed.Outcome, ex.Outcome);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal("cancelled by the caller", completed.Failure);
            Assert.Equal(cancel.Token, ex.CancellationToken);
        }

        [Fact]
        public async Task A_call_cancelled_before_any_attempt_has_no_outcome_and_sent_nothing()
        {
            using var gong = LoopbackGong.Start();
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email, new CancellationToken(canceled: true)));

            Assert.False((ex as GongOperationCanceledException)?.MayHaveReachedGong ?? false);
            Assert.Null((ex as GongOperationCanceledException)?.Outcome);
            Assert.Empty(observer.Completed);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task An_observer_that_fails_on_completion_reaches_the_caller_unchanged_after_the_attempt_happened()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"x\"}"));
            var observer = new RecordingObserver { FailOnCompleted = new IOException("journal disk full") };
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
            });

            var ex = await Assert.ThrowsAsync<IOException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Same(observer.FailOnCompleted, ex);
            Assert.Single(gong.Requests); // it happened once, and was not tried again
            Assert.Equal(GongOutcome.Success, observer.Completed.Single().Outcome);
        }

        /// <summary>Records what an observer hears, in order.</summary>
        private sealed class RecordingObserver : IGongAttemptObserver
        {
            private readonly ConcurrentQueue<(string Stage, GongAttempt Attempt)> _events = new ConcurrentQueue<(string, GongAttempt)>();

            public Exception? FailOnSending { get; set; }

            public Exception? FailOnCompleted { get; set; }

            public Action? OnSendingDo { get; set; }

            public IReadOnlyList<(string Stage, GongAttempt Attempt)> Events => _events.ToArray();

            public IReadOnlyList<GongAttempt> Completed => _events.Where(e => e.Stage == "completed").Select(e => e.Attempt).ToArray();

            public void OnSending(GongAttempt attempt)
            {
                _events.Enqueue(("sending", attempt));
                OnSendingDo?.Invoke();
                if (FailOnSending != null)
                {
                    throw FailOnSending;
                }
            }

            public void OnCompleted(GongAttempt attempt)
            {
                _events.Enqueue(("completed", attempt));
                if (FailOnCompleted != null)
                {
                    throw FailOnCompleted;
                }
            }
        }
    }
}
