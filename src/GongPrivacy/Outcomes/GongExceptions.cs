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
            var failure = Answer(response, state, redirectedTo != null ? DescribeRedirect(status, redirectedTo) : notGongs ? DescribeNotGongs(response, body) : DescribeStatus(status), null);
            failure.Errors = error?.Errors ?? new List<string>();
            failure.RequestId = string.IsNullOrWhiteSpace(error?.RequestId) ? failure.RequestId : error!.RequestId;
            failure.Message = Compose(failure, bodyPresent: !notGongs && !string.IsNullOrWhiteSpace(body), errorShape: error != null);
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
            var failure = Answer(response, GongRequestContext.Find(response.RequestMessage), DescribeNotGongs(response, null), null);
            failure.Message = Compose(failure, bodyPresent: false, errorShape: false);
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

            failure.Message = Compose(failure, bodyPresent: false, errorShape: false);
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
                ReadFailure = DescribeReadFailure(inner),
                Attempts = 1,
                MayHaveReachedGong = true,
                Outcome = verdict.Outcome,
                Cause = verdict.Cause,
            };
            failure.Message = Compose(failure, message.StartsWith("Response was null", StringComparison.Ordinal)
                ? "Gong answered with an empty body where a JSON object was expected."
                : "Could not read Gong's answer as the expected JSON.", bodyPresent: false, errorShape: false);
            return failure;
        }

        /// <summary>What a status means for the caller; the first sentence of every status exception's message.</summary>
        internal static string DescribeStatus(int status)
        {
            switch (status)
            {
                case 400:
                    return "Gong refused the request as malformed.";
                case 401:
                    return "Gong denied access: check the access key and secret or the OAuth token, its scope (api:data-privacy:read or api:data-privacy:delete), and that the base URL is your tenant's host.";
                case 403:
                    return "Gong denied access to this operation: check the credential's scope.";
                case 404:
                    return "Gong does not know this path: check the base URL.";
                case 429:
                    return "Gong's rate limit was exceeded.";
                default:
                    return status >= 500 ? "Gong failed to complete the operation." : "Gong answered with an unexpected status.";
            }
        }

        /// <summary>A redirect, never followed: the first sentence names where it pointed.</summary>
        internal static string DescribeRedirect(int status, string target) =>
            (status >= 300 && status < 400
                ? "The base URL redirects (HTTP " + status.ToString(CultureInfo.InvariantCulture) + ") to " + target + ": that is not Gong's API answering, so the redirect is not followed"
                : "The base URL redirected to " + target + " (a handler of your HttpClient followed it): what answered there is not Gong's API, so the answer is not taken as Gong's")
            + ". Use your tenant's API host (Gong shows it on its API page), such as https://us-12345.api.gong.io.";

        /// <summary>A 2xx that is not Gong's answer: what came back (media type and length), never the body.</summary>
        private static string DescribeNotGongs(HttpResponseMessage response, string? body)
        {
            var media = response.Content?.Headers.ContentType?.MediaType ?? "no content type";
            var length = response.Content?.Headers.ContentLength
                ?? (body != null ? System.Text.Encoding.UTF8.GetByteCount(body) : response.Content is GongGuardedContent guarded ? guarded.BytesRead : (long?)null);
            return "What answered is not Gong: a " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + " with " + media + ", "
                + (length == null ? "of unstated length" : length.Value.ToString(CultureInfo.InvariantCulture) + (length == 1 ? " byte" : " bytes"))
                + ", not Gong's JSON with a requestId (a proxy's page, or a gateway's empty answer). It is neither a success nor \"nothing found\": check the base URL (your tenant's API host) and any proxy.";
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
                ReadFailure = DescribeReadFailure(inner),
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

        private static string Compose(GongFailure failure, bool bodyPresent, bool errorShape) => Compose(failure, failure.Message, bodyPresent, errorShape);

        private static string Compose(GongFailure failure, string description, bool bodyPresent, bool errorShape)
        {
            var text = new StringBuilder(GongRedaction.Redact(description).TrimEnd());
            if (text.Length > 0 && text[text.Length - 1] != '.')
            {
                text.Append('.');
            }

            text.Append(" HTTP ").Append(failure.StatusCode.ToString(CultureInfo.InvariantCulture));
            text.Append(", Gong request id ").Append(failure.RequestId ?? "(none)").Append('.');
            if (failure.Errors.Count > 0)
            {
                text.Append(" Gong said: ").Append(string.Join("; ", failure.Errors.Select(GongRedaction.Redact))).Append('.');
            }

            if (failure.Attempts > 1)
            {
                text.Append(" Gave up after ").Append(failure.Attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts.");
            }

            if (failure.RetryAfter.HasValue)
            {
                text.Append(" Retry after ").Append(((long)Math.Ceiling(failure.RetryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)).Append(" s.");
            }

            if (failure.ReadFailure != null)
            {
                text.Append(" The body could not be read (").Append(failure.ReadFailure).Append(").");
            }
            else if (!errorShape && bodyPresent)
            {
                text.Append(" The body is not Gong's JSON error shape (").Append(failure.ContentType ?? "no content type").Append(").");
            }

            return text.ToString();
        }

        private static string? DescribeReadFailure(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return null;
                case JsonReaderException reader:
                    return string.Format(CultureInfo.InvariantCulture, "{0} at line {1}, position {2}, path '{3}'", reader.GetType().Name, reader.LineNumber, reader.LinePosition, reader.Path);
                case JsonSerializationException serialization:
                    return string.Format(CultureInfo.InvariantCulture, "{0} at line {1}, position {2}, path '{3}'", serialization.GetType().Name, serialization.LineNumber, serialization.LinePosition, serialization.Path);
                default:
                    return exception.GetType().Name;
            }
        }

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
