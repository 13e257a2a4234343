using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
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
    public partial class OutcomeTests
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
