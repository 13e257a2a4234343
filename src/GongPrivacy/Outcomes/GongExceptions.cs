using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;
using GongPrivacy.Internal;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>What an exception says: decided by <see cref="GongExceptions"/>, carried by <see cref="GongApiException"/>.</summary>
    internal sealed class GongFailure
    {
        public string Message { get; set; } = string.Empty;

        public Exception? Inner { get; set; }

        public int StatusCode { get; set; }

        public string? RequestId { get; set; }

        public List<string> Errors { get; set; } = new List<string>();

        public TimeSpan? RetryAfter { get; set; }

        public string? ContentType { get; set; }

        public string? ReadFailure { get; set; }

        public int Attempts { get; set; } = 1;

        public bool MayHaveReachedGong { get; set; }

        public GongOutcome Outcome { get; set; }

        public GongCause Cause { get; set; }

        public string? Description { get; set; }
    }

    /// <summary>
    /// The one factory of <see cref="GongApiException"/>: every failure of a call is built here, from the call's record
    /// (<see cref="GongCallState"/>) and the classifier's outcome, with a message that holds no body and no unmasked subject.
    /// </summary>
    internal static class GongExceptions
    {
        /// <summary>An answer with a status other than 2xx. Reads the error body (then drops it).</summary>
        public static async Task<GongApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            string? body = null;
            if (response.Content != null)
            {
                try
                {
#if NET5_0_OR_GREATER
                    body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
                    body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
                }
                catch (GongApiException broken)
                {
                    return broken;
                }
            }

            var state = GongRequestContext.Find(response.RequestMessage);
            var redirectedTo = GongRequestContext.RedirectedTo(state, response);
            var notGongs = redirectedTo != null || state?.LastAttempt?.Cause == GongCause.NotGongsAnswer;
            var error = notGongs ? null : GongErrorBody.TryRead(body);
            var failure = Answer(response, state, redirectedTo != null ? GongMessages.DescribeRedirect(status, redirectedTo) : notGongs ? GongMessages.DescribeNotGongs(response, body) : GongMessages.DescribeStatus(status), null);
            failure.Errors = error?.Errors ?? new List<string>();
            failure.RequestId = string.IsNullOrWhiteSpace(error?.RequestId) ? failure.RequestId : error!.RequestId;
            failure.Message = GongMessages.Compose(failure, bodyPresent: !notGongs && !string.IsNullOrWhiteSpace(body), errorShape: error != null);
            return new GongApiException(failure);
        }

        /// <summary>
        /// A 2xx whose JSON body does not carry Gong's <c>requestId</c> (a gateway's <c>{}</c>): not Gong's answer, so neither
        /// an accepted erasure nor "nothing found". The attempt is recorded again with that outcome.
        /// </summary>
        public static GongApiException WithoutRequestId(HttpResponseMessage response)
        {
            var verdict = GongClassifier.NotGongsAnswer();
            GongRequestContext.BodyFailed(response, verdict.Outcome, verdict.Cause);
            var failure = Answer(response, GongRequestContext.Find(response.RequestMessage), GongMessages.DescribeNotGongs(response, null), null);
            failure.Message = GongMessages.Compose(failure, bodyPresent: false, errorShape: false);
            return new GongApiException(failure);
        }

        /// <summary>A call whose last attempt got no answer (connection failure, timeout).</summary>
        public static GongApiException Unreachable(HttpRequestMessage request, GongCallState state, Exception transportFailure)
        {
            var attempt = state.LastAttempt;
            var description = attempt?.Failure ?? GongConnectionFailure.Describe(transportFailure);
            var failure = new GongFailure
            {
                Inner = transportFailure,
                Attempts = state.Attempts,
                MayHaveReachedGong = state.MayHaveReachedGong,
                Outcome = attempt?.Outcome ?? GongClassifier.Classify(transportFailure, state.AttemptHandedToTransport).Outcome,
                Cause = attempt?.Cause ?? GongClassifier.Classify(transportFailure, state.AttemptHandedToTransport).Cause,
                Description = description,
            };
            failure.Message = string.Format(
                CultureInfo.InvariantCulture,
                "Gong could not be reached for {0} {1}: {2} (attempt {3}); no answer, so no status and no request id. {4}",
                request.Method.Method,
                request.RequestUri?.GetLeftPart(UriPartial.Path),
                description,
                state.Attempts,
                state.MayHaveReachedGong ? "A request was sent, so Gong may have received it." : "Nothing reached Gong.");
            return new GongApiException(failure);
        }

        /// <summary>A connection that broke while an answer's body was read.</summary>
        public static GongApiException BodyBroken(HttpResponseMessage response, GongCallState state, Exception transportFailure)
        {
            var failure = Answer(response, state, "Gong's answer ended before its body was complete (" + GongConnectionFailure.Describe(transportFailure) + ").", transportFailure);
            if (failure.Outcome == GongOutcome.Success)
            {
                // A 2xx whose body never arrived whole: no answer that can be read, so nothing says what Gong did.
                failure.Outcome = GongOutcome.MayHaveReachedGong;
                failure.Cause = GongCause.NoAnswer;
            }

            failure.Message = GongMessages.Compose(failure, bodyPresent: false, errorShape: false);
            return new GongApiException(failure);
        }

        /// <summary>What the generated client finds itself: a 2xx body that is empty, or not the expected JSON.</summary>
        public static GongFailure FromGeneratedCode(string message, int statusCode, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? inner)
        {
            // A body that broke mid-read is already our exception, possibly inside the JSON reader's (Newtonsoft wraps what
            // it meets while reading unknown fields): say that, not "could not deserialize".
            for (var cause = inner; cause != null; cause = cause.InnerException)
            {
                if (cause is GongApiException broken)
                {
                    return Copy(broken);
                }
            }

            // The generated code passes the headers, not the request: the attempt count is not known here (it says 1).
            // A 2xx body that cannot be read as the expected JSON is not Gong's answer (Gong answers JSON with a requestId).
            var verdict = statusCode >= 200 && statusCode < 300 ? GongClassifier.NotGongsAnswer() : GongClassifier.Classify(statusCode);
            var failure = new GongFailure
            {
                // The reader's exception is not kept: its message can quote the body. Its kind and position are (ReadFailure).
                StatusCode = statusCode,
                RequestId = Header(headers, TraceIdHeaderName),
                ContentType = MediaType(Header(headers, "Content-Type")),
                ReadFailure = GongMessages.DescribeReadFailure(inner),
                Attempts = 1,
                MayHaveReachedGong = true,
                Outcome = verdict.Outcome,
                Cause = verdict.Cause,
            };
            failure.Message = GongMessages.Compose(failure, message.StartsWith("Response was null", StringComparison.Ordinal)
                ? "Gong answered with an empty body where a JSON object was expected."
                : "Could not read Gong's answer as the expected JSON.", bodyPresent: false, errorShape: false);
            return failure;
        }

        private const string TraceIdHeaderName = GongApiException.TraceIdHeader;

        private static GongFailure Answer(HttpResponseMessage response, GongCallState? state, string description, Exception? inner)
        {
            var status = (int)response.StatusCode;
            var attempt = state?.LastAttempt;
            return new GongFailure
            {
                StatusCode = status,
                Inner = inner,
                RequestId = attempt?.RequestId ?? (response.Headers.TryGetValues(TraceIdHeaderName, out var ids) ? ids.FirstOrDefault() : null),
                RetryAfter = attempt?.RetryAfter ?? GongRequestContext.RetryAfterOf(response, DateTimeOffset.UtcNow),
                ContentType = response.Content?.Headers.ContentType?.MediaType,
                ReadFailure = GongMessages.DescribeReadFailure(inner),
                Attempts = state?.Attempts ?? 1,
                MayHaveReachedGong = state?.MayHaveReachedGong ?? GongClassifier.Classify(status).Outcome is not (GongOutcome.Refused or GongOutcome.Retryable),
                Outcome = attempt?.Outcome ?? GongClassifier.Classify(status).Outcome,
                Cause = attempt?.Cause ?? GongClassifier.Classify(status).Cause,
                Message = description,
            };
        }

        private static GongFailure Copy(GongApiException e) => new GongFailure
        {
            Message = e.Message,
            Inner = e.InnerException,
            StatusCode = e.StatusCode,
            RequestId = e.RequestId,
            Errors = e.Errors.ToList(),
            RetryAfter = e.RetryAfter,
            ContentType = e.ContentType,
            ReadFailure = e.ReadFailure,
            Attempts = e.Attempts,
            MayHaveReachedGong = e.MayHaveReachedGong,
            Outcome = e.Outcome,
            Cause = e.Cause,
            Description = e.Failure,
        };

        private static string? MediaType(string? contentType)
        {
            if (contentType == null)
            {
                return null;
            }

            var semicolon = contentType.IndexOf(';');
            return (semicolon >= 0 ? contentType.Substring(0, semicolon) : contentType).Trim();
        }

        private static string? Header(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name)
        {
            if (headers == null)
            {
                return null;
            }

            foreach (var pair in headers)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value?.FirstOrDefault();
                }
            }

            return null;
        }
    }
}
