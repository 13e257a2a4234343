using System;
using System.Linq;
using System.Net.Http;
using System.Threading;

namespace GongPrivacy.Http
{
    /// <summary>
    /// What the client learns about one call, carried on its <see cref="HttpRequestMessage"/> (its options), so that every
    /// handler, the exception and the observers read the same record.
    /// </summary>
    internal sealed class GongCallState
    {
        private static long _lastCallId;

        /// <summary>Unique in the process; the same for every attempt of the call.</summary>
        public long CallId { get; } = Interlocked.Increment(ref _lastCallId);

        /// <summary>
        /// The caller's cancellation token, recorded by the client before sending. <see cref="HttpClient"/> gives handlers a
        /// linked token; a cancellation exception carries the caller's own so that it reaches the caller unwrapped.
        /// </summary>
        public CancellationToken CallerToken { get; set; }

        /// <summary>Who hears about each attempt, if anyone.</summary>
        public IGongAttemptObserver? Observer { get; set; }

        /// <summary>The attempt in progress, or the number made once the call is over (1 when nothing was retried).</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>Whether the attempt in progress was handed to the transport (the connection may still fail before anything is written).</summary>
        public bool AttemptHandedToTransport { get; set; }

        /// <summary>The last attempt that has an outcome; <see langword="null"/> before the first one has.</summary>
        public GongAttempt? LastAttempt { get; set; }

        /// <summary>Whether any attempt of this call may have been acted on by Gong (<see cref="GongAttempt.MayHaveReachedGong"/>).</summary>
        public bool MayHaveReachedGong { get; set; }

        /// <summary>The rate limiter's permit of the attempt in progress, if the client paces its calls.</summary>
        public GongRateLimiter.Permit? Permit { get; set; }

        /// <summary>The URL the attempt in progress was handed to the network with: an answer for another URL was redirected on the way.</summary>
        public Uri? SentUri { get; set; }

        /// <summary>The URL the answer came from: another than <see cref="SentUri"/> when a handler followed a redirect.</summary>
        public Uri? AnsweredUri { get; set; }

        /// <summary>An exception thrown by the observer, to be passed to the caller unchanged.</summary>
        public Exception? ObserverFailure { get; set; }
    }

    /// <summary>Reads and writes the <see cref="GongCallState"/> of a request, and records its attempts.</summary>
    internal static class GongRequestContext
    {
        private const string StateKey = "GongPrivacy.CallState";

#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<GongCallState> Key = new HttpRequestOptionsKey<GongCallState>(StateKey);

        public static GongCallState State(HttpRequestMessage request)
        {
            if (!request.Options.TryGetValue(Key, out var state))
            {
                state = new GongCallState();
                request.Options.Set(Key, state);
            }

            return state;
        }

        public static GongCallState? Find(HttpRequestMessage? request) =>
            request != null && request.Options.TryGetValue(Key, out var state) ? state : null;
#else
        public static GongCallState State(HttpRequestMessage request)
        {
            if (!(request.Properties.TryGetValue(StateKey, out var value) && value is GongCallState state))
            {
                state = new GongCallState();
                request.Properties[StateKey] = state;
            }

            return state;
        }

        public static GongCallState? Find(HttpRequestMessage? request) =>
            request != null && request.Properties.TryGetValue(StateKey, out var value) ? value as GongCallState : null;
#endif

        /// <summary>The attempt number of a request, for the log line; 1 when the request carries no state.</summary>
        public static int GetAttempt(HttpRequestMessage? request) => Find(request)?.Attempts ?? 1;

        /// <summary>Tells the observer that the attempt is about to be handed to the network. Its exception stops the call.</summary>
        public static void Sending(HttpRequestMessage request, GongCallState state)
        {
            state.AttemptHandedToTransport = true;
            state.SentUri = request.RequestUri;
            if (state.Observer == null)
            {
                state.Permit?.HandedOver();
                return;
            }

            var attempt = Describe(request, state, sent: false, status: 0, requestId: null, verdict: null, retryAfter: null, failure: null);
            try
            {
                state.Observer.OnSending(attempt);
            }
            catch (Exception ex)
            {
                state.ObserverFailure = ex;
                throw new GongObserverFailedException(ex);
            }

            // The observer may have taken a while (a journal written to disk): the window starts when the request leaves.
            state.Permit?.HandedOver();
        }

        /// <summary>Records an answer: classifies it, keeps it on the call and tells the observer.</summary>
        public static GongAttempt Answered(HttpRequestMessage request, GongCallState state, HttpResponseMessage response, DateTimeOffset now)
        {
            state.AnsweredUri = response.RequestMessage?.RequestUri;
            var status = (int)response.StatusCode;
            var requestId = response.Headers.TryGetValues(GongApiException.TraceIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            var retryAfter = RetryAfterOf(response, now);
            var verdict = GongClassifier.Classify(status, response.Content?.Headers.ContentType, RedirectedTo(state, response) != null);
            return Complete(request, state, Describe(request, state, sent: true, status, requestId, verdict, retryAfter, failure: null));
        }

        /// <summary>Records a failure with no answer: classifies it, keeps it on the call and tells the observer.</summary>
        public static GongAttempt Failed(HttpRequestMessage request, GongCallState state, Exception failure)
        {
            var byCaller = failure is OperationCanceledException && state.CallerToken.IsCancellationRequested;
            var verdict = failure is GongCredentialException ? new GongVerdict(GongOutcome.Refused, GongCause.NoToken) : GongClassifier.Classify(failure, state.AttemptHandedToTransport, byCaller);
            var sent = verdict.Outcome == GongOutcome.MayHaveReachedGong;
            var description = failure is GongApiException api
                ? api.Failure
                : byCaller
                    ? "cancelled by the caller"
                    : GongConnectionFailure.Describe(failure);
            return Complete(request, state, Describe(request, state, sent, 0, null, verdict, null, description));
        }

        /// <summary>
        /// Where an answer was redirected to, as scheme, host and port: its <c>Location</c> (a 3xx, which this client never
        /// follows), or the URL of an answer that a handler of the caller's own followed a redirect to; null when it was not.
        /// </summary>
        public static string? RedirectedTo(GongCallState? state, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            if (status >= 300 && status < 400)
            {
                var location = response.Headers.Location;
                if (location != null && !location.IsAbsoluteUri && response.RequestMessage?.RequestUri != null)
                {
                    location = new Uri(response.RequestMessage.RequestUri, location);
                }

                return location != null && location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Authority) : "an address it did not give (no Location header)";
            }

            var answered = state?.AnsweredUri ?? response.RequestMessage?.RequestUri;
            var sent = state?.SentUri;
            return sent != null && answered != null && answered.IsAbsoluteUri && !Uri.Equals(sent, answered) ? answered.GetLeftPart(UriPartial.Authority) : null;
        }

        /// <summary>The server's <c>Retry-After</c>, as a delay from now (seconds or an HTTP date).</summary>
        public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta != null)
            {
                return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            }

            return header?.Date == null ? null : Internal.RetryAfter.Parse(header.Date.Value.ToString("r", System.Globalization.CultureInfo.InvariantCulture), now);
        }

        private static GongAttempt Complete(HttpRequestMessage request, GongCallState state, GongAttempt attempt)
        {
            state.LastAttempt = attempt;
            state.MayHaveReachedGong |= attempt.MayHaveReachedGong;
            if (state.Observer != null)
            {
                try
                {
                    state.Observer.OnCompleted(attempt);
                }
                catch (Exception ex)
                {
                    state.ObserverFailure = ex;
                    throw new GongObserverFailedException(ex);
                }
            }

            return attempt;
        }

        private static GongAttempt Describe(HttpRequestMessage request, GongCallState state, bool sent, int status, string? requestId, GongVerdict? verdict, TimeSpan? retryAfter, string? failure)
        {
            var uri = state.SentUri ?? request.RequestUri;
            var (parameter, subject) = SubjectOf(uri);
            var absolute = uri != null && uri.IsAbsoluteUri;
            return new GongAttempt(state.CallId, state.Attempts, request.Method.Method, absolute ? uri!.GetLeftPart(UriPartial.Authority) : string.Empty, absolute ? uri!.AbsolutePath : string.Empty, parameter, subject, sent, status, requestId, verdict?.Outcome, verdict?.Cause, retryAfter, failure);
        }

        /// <summary>
        /// A 2xx answer whose body then failed to be Gong's answer (unreadable, broken off, or without a <c>requestId</c>):
        /// its final outcome is recorded on the call and told to the observer, which heard "success" with the headers.
        /// </summary>
        public static void BodyFailed(HttpResponseMessage response, GongOutcome outcome, GongCause cause)
        {
            var request = response.RequestMessage;
            var state = Find(request);
            var answered = state?.LastAttempt;
            if (request == null || state == null || answered == null || answered.Outcome != GongOutcome.Success)
            {
                return;
            }

            Complete(request, state, Describe(request, state, sent: true, answered.StatusCode, answered.RequestId, new GongVerdict(outcome, cause), answered.RetryAfter, failure: null));
        }

        /// <summary>The subject a request names in its query (<c>emailAddress</c> or <c>phoneNumber</c>).</summary>
        internal static (string? Parameter, string? Value) SubjectOf(Uri? uri)
        {
            if (uri == null || !uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.Query))
            {
                return (null, null);
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var name = Uri.UnescapeDataString(pair.Substring(0, equals));
                if (Internal.GongInput.IsSubjectParameter(name))
                {
                    return (name, Uri.UnescapeDataString(pair.Substring(equals + 1)));
                }
            }

            return (null, null);
        }
    }

    /// <summary>Carries an observer's exception through the handlers, which pass it to the caller unchanged.</summary>
    internal sealed class GongObserverFailedException : Exception
    {
        public GongObserverFailedException(Exception inner)
            : base("An attempt observer failed.", inner)
        {
        }
    }
}
