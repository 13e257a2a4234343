using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text;
using GongPrivacy.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// Thrown when Gong answers with a status the operation does not expect, or with a body that cannot be read.
    /// One type for every failure: 400, 401, 429, 500, an HTML page from a proxy, an empty or truncated body.
    /// </summary>
    /// <remarks>
    /// The message and <see cref="Exception.ToString"/> never hold the response body: Gong's responses are
    /// people's emails and phone numbers. Gong's error texts are kept in <see cref="Errors"/>; the message
    /// quotes them with every email address and phone number masked.
    /// </remarks>
    public class GongApiException : Exception
    {
        /// <summary>The header in which Gong repeats the request id.</summary>
        internal const string TraceIdHeader = "x-traceid";

        /// <summary>
        /// Creates the exception. The generated client calls this constructor; <paramref name="response"/> is read
        /// for Gong's <c>requestId</c> and <c>errors</c>, then dropped.
        /// </summary>
        /// <param name="message">What went wrong, without personal data.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="response">The response body, if it was read. It is not kept.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="innerException">The reader's exception, if the body could not be read. Only its kind and position are kept.</param>
        public GongApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
            : this(BrokenBodyIn(innerException), message, statusCode, response, headers, innerException)
        {
        }

        private GongApiException(GongApiException? brokenBody, string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
            : this(
                brokenBody?._description ?? message,
                statusCode,
                TryReadError(response),
                headers,
                brokenBody != null ? brokenBody._cause : innerException,
                IsBodyPresent(response),
                brokenBody?.Attempts ?? 1,
                brokenBody?.MayHaveReachedGong ?? !Http.GongRequestContext.IsRefusal(statusCode))
        {
        }

        /// <summary>Creates the exception from an error body that was already read.</summary>
        /// <param name="message">What went wrong, without personal data.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="error">Gong's error body, if there was one.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="innerException">The reader's exception, if the body could not be read. Only its kind and position are kept.</param>
        protected GongApiException(string message, int statusCode, ErrorResponse? error, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
            : this(message, statusCode, error, headers, innerException, bodyPresent: error != null, attempts: 1, mayHaveReachedGong: !Http.GongRequestContext.IsRefusal(statusCode))
        {
        }

        private GongApiException(string message, int statusCode, ErrorResponse? error, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException, bool bodyPresent, int attempts, bool mayHaveReachedGong)
            : base(Compose(message, statusCode, error, headers, innerException, bodyPresent, attempts, out var requestId, out var retryAfter, out var contentType, out var readFailure))
        {
            StatusCode = statusCode;
            RequestId = requestId;
            RetryAfter = retryAfter;
            ContentType = contentType;
            ReadFailure = readFailure;
            Errors = new ReadOnlyCollection<string>(error?.Errors?.Where(e => e != null).ToList() ?? new List<string>());
            Attempts = attempts;
            MayHaveReachedGong = mayHaveReachedGong;
            _description = message;
            _cause = innerException;
        }

        private readonly string? _description;
        private readonly Exception? _cause;

        /// <summary>
        /// Newtonsoft wraps an exception thrown while it reads extension data (unknown fields) in a JsonSerializationException;
        /// a body that broke mid-read is then found inside it, so the generated operations report it as the hand-written ones do.
        /// </summary>
        private static GongApiException? BrokenBodyIn(Exception? exception)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is GongApiException found)
                {
                    return found;
                }
            }

            return null;
        }

        private GongApiException(string message, Exception transportFailure, int attempts, bool mayHaveReachedGong)
            : base(message, transportFailure)
        {
            StatusCode = 0;
            Errors = new ReadOnlyCollection<string>(new List<string>());
            Attempts = attempts;
            MayHaveReachedGong = mayHaveReachedGong;
        }

        /// <summary>For <see cref="GongOAuthException"/>: a failure before the call, at the token endpoint; nothing reached the API.</summary>
        private protected GongApiException(string message, int statusCode, Exception? innerException)
            : base(message, innerException)
        {
            StatusCode = statusCode;
            Errors = new ReadOnlyCollection<string>(new List<string>());
            Attempts = 1;
            MayHaveReachedGong = false;
        }

        /// <summary>The HTTP status code of the response.</summary>
        public int StatusCode { get; }

        /// <summary>Gong's request id, from the body's <c>requestId</c> or the <c>x-traceid</c> header; give it to Gong support.</summary>
        public string? RequestId { get; }

        /// <summary>Gong's error messages (<c>errors[]</c>), as sent. They may quote the data subject's address or number.</summary>
        public IReadOnlyList<string> Errors { get; }

        /// <summary>How long Gong asked the caller to wait (the <c>Retry-After</c> header), usually with a 429.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The response's media type, such as <c>text/html</c> when a proxy answered instead of Gong.</summary>
        public string? ContentType { get; }

        /// <summary>
        /// Where reading the body failed (the reader's exception type and position), or <see langword="null"/> when it did not.
        /// The reader's own message is not kept, because it can quote the body.
        /// </summary>
        public string? ReadFailure { get; }

        /// <summary>How many attempts were made before this exception was thrown (1 when nothing was retried).</summary>
        public int Attempts { get; }

        /// <summary>
        /// Whether Gong may have acted on the call: the rule the command-line tool's journal, and any caller that must not
        /// erase twice or lose an erasure, relies on.
        /// <list type="bullet">
        /// <item><description><see langword="false"/> when nothing that could take effect left the process: a token provider that
        /// failed, a connection refused, a host name not found, a TLS handshake that failed, or attempts that Gong answered with
        /// a refusal (any 4xx, or 503).</description></item>
        /// <item><description><see langword="true"/> when any attempt was sent and no answer came back (<see cref="StatusCode"/> 0:
        /// a timeout, a connection dropped), or was answered with a status that does not rule it out (a 2xx whose body could not
        /// be read, 500, 502, 504 and other 5xx): an erasure in that state may have been accepted.</description></item>
        /// </list>
        /// A call cancelled by the caller throws <see cref="GongOperationCanceledException"/>, which carries the same flag.
        /// </summary>
        public bool MayHaveReachedGong { get; }

        /// <summary>
        /// <see langword="true"/> when the credential could not produce a token (its token provider or OAuth token store
        /// failed): nothing was sent for that attempt, and the fix is the credential, not the network.
        /// </summary>
        public bool IsCredentialFailure { get; private set; }

        /// <summary><see langword="true"/> for a 429: the caller should wait <see cref="RetryAfter"/> before trying again.</summary>
        public bool IsRateLimited => StatusCode == 429;

        /// <summary>The exception for a call whose last attempt got no answer (connection failure or timeout).</summary>
        internal static GongApiException Unreachable(System.Net.Http.HttpRequestMessage request, Exception failure, Http.GongCallState state)
        {
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "Gong could not be reached for {0} {1}: {2} (attempt {3}); no answer, so no status and no request id. {4}",
                request.Method.Method,
                request.RequestUri?.GetLeftPart(UriPartial.Path),
                GongConnectionFailure.Describe(failure),
                state.Attempts,
                state.MayHaveReachedGong ? "A request was sent, so Gong may have received it." : "Nothing reached Gong.");
            return new GongApiException(message, failure, state.Attempts, state.MayHaveReachedGong);
        }

        /// <summary>The exception for a credential that could not produce a token: nothing was sent.</summary>
        internal static GongApiException TokenUnavailable(System.Net.Http.HttpRequestMessage request, Exception failure)
        {
            var state = Http.GongRequestContext.State(request);
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "The credential could not provide a token for {0} {1}: its token provider failed with {2}; {3}",
                request.Method.Method,
                request.RequestUri?.AbsolutePath,
                failure.GetType().Name,
                state.MayHaveReachedGong ? "this attempt was not sent, but an earlier one may have reached Gong." : "nothing was sent to Gong.");
            return new GongApiException(message, failure, state.Attempts, state.MayHaveReachedGong) { IsCredentialFailure = true };
        }

        /// <summary>
        /// The one place a status maps to an exception, for generated and hand-written operations alike: reads the error
        /// body (then drops it) and takes the attempt count and the fate of the call from the request.
        /// </summary>
        internal static async System.Threading.Tasks.Task<GongApiException> FromResponseAsync(System.Net.Http.HttpResponseMessage response, System.Threading.CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            var headers = HeadersOf(response);
            string? body = null;
            Exception? readFailure = null;
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
                catch (GongApiException)
                {
                    throw;
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is System.Net.Http.HttpRequestException)
                {
                    readFailure = ex;
                }
            }

            var state = Http.GongRequestContext.Find(response.RequestMessage);
            return new GongApiException(
                DescribeStatus(status),
                status,
                TryReadError(body),
                headers,
                readFailure,
                IsBodyPresent(body),
                state?.Attempts ?? 1,
                state?.MayHaveReachedGong ?? !Http.GongRequestContext.IsRefusal(status));
        }

        /// <summary>The exception for a 2xx body that could not be read as the expected type.</summary>
        internal static GongApiException Unreadable(System.Net.Http.HttpResponseMessage response, string message, Exception? failure)
        {
            var state = Http.GongRequestContext.Find(response.RequestMessage);
            var status = (int)response.StatusCode;
            return new GongApiException(message, status, null, HeadersOf(response), failure, bodyPresent: false, state?.Attempts ?? 1, mayHaveReachedGong: true);
        }

        /// <summary>The exception for a connection that broke while the body was read.</summary>
        internal static GongApiException BodyBroken(System.Net.Http.HttpResponseMessage response, Http.GongCallState state, Exception failure)
        {
            var status = (int)response.StatusCode;
            return new GongApiException(
                "Gong's answer ended before its body was complete (" + GongConnectionFailure.Describe(failure) + ").",
                status,
                null,
                HeadersOf(response),
                failure,
                bodyPresent: false,
                state.Attempts,
                state.MayHaveReachedGong || !Http.GongRequestContext.IsRefusal(status));
        }

        /// <summary>The response's headers and its content's, as the generated code collects them.</summary>
        internal static IReadOnlyDictionary<string, IEnumerable<string>> HeadersOf(System.Net.Http.HttpResponseMessage response)
        {
            var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in response.Headers)
            {
                headers[item.Key] = item.Value;
            }

            if (response.Content != null)
            {
                foreach (var item in response.Content.Headers)
                {
                    headers[item.Key] = item.Value;
                }
            }

            return headers;
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

        private static bool IsBodyPresent(string? response) => !string.IsNullOrWhiteSpace(response);

        private static ErrorResponse? TryReadError(string? response)
        {
            if (string.IsNullOrWhiteSpace(response))
            {
                return null;
            }

            var text = response!.TrimStart();
            if (!text.StartsWith("{", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                var json = JObject.Parse(text);
                var error = new ErrorResponse
                {
                    RequestId = json.Value<JToken>("requestId")?.Type == JTokenType.String ? json.Value<string>("requestId") : null,
                    Errors = new Collection<string>(),
                };
                if (json["errors"] is JArray errors)
                {
                    foreach (var item in errors)
                    {
                        if (item.Type == JTokenType.String)
                        {
                            error.Errors.Add((string)item!);
                        }
                    }
                }

                return error;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string Compose(
            string message,
            int statusCode,
            ErrorResponse? error,
            IReadOnlyDictionary<string, IEnumerable<string>>? headers,
            Exception? innerException,
            bool bodyPresent,
            int attempts,
            out string? requestId,
            out TimeSpan? retryAfter,
            out string? contentType,
            out string? readFailure)
        {
            requestId = string.IsNullOrWhiteSpace(error?.RequestId) ? Header(headers, TraceIdHeader) : error!.RequestId;
            retryAfter = Internal.RetryAfter.Parse(Header(headers, "Retry-After"), DateTimeOffset.UtcNow);
            contentType = Header(headers, "Content-Type");
            if (contentType != null)
            {
                var semicolon = contentType.IndexOf(';');
                contentType = (semicolon >= 0 ? contentType.Substring(0, semicolon) : contentType).Trim();
            }

            readFailure = DescribeReadFailure(innerException);

            var text = new StringBuilder(Redact(message).TrimEnd());
            if (text.Length > 0 && text[text.Length - 1] != '.')
            {
                text.Append('.');
            }

            text.Append(" HTTP ").Append(statusCode.ToString(CultureInfo.InvariantCulture));
            text.Append(", Gong request id ").Append(requestId ?? "(none)").Append('.');
            if (error?.Errors != null && error.Errors.Count > 0)
            {
                text.Append(" Gong said: ").Append(string.Join("; ", error.Errors.Where(e => e != null).Select(Redact))).Append('.');
            }

            if (attempts > 1)
            {
                text.Append(" Gave up after ").Append(attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts.");
            }

            if (retryAfter.HasValue)
            {
                text.Append(" Retry after ").Append(((long)Math.Ceiling(retryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)).Append(" s.");
            }

            if (readFailure != null)
            {
                text.Append(" The body could not be read as JSON (").Append(readFailure).Append(").");
            }
            else if (error == null && bodyPresent)
            {
                text.Append(" The body is not Gong's JSON error shape (").Append(contentType ?? "no content type").Append(").");
            }

            return text.ToString();
        }

        private static string Redact(string text) => GongRedaction.Redact(text);

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

    /// <summary>A <see cref="GongApiException"/> for a documented error status, with Gong's error body read.</summary>
    /// <typeparam name="TResult">The type of the error body.</typeparam>
    public class GongApiException<TResult> : GongApiException
    {
        /// <summary>Creates the exception. The generated client calls this constructor for the statuses the spec documents.</summary>
        /// <param name="message">What went wrong, without personal data.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="response">The response body text, if it was read as text. It is not kept.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="result">The error body, read.</param>
        /// <param name="innerException">The reader's exception, if any. Only its kind and position are kept.</param>
        public GongApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, TResult result, Exception? innerException)
            : base(message, statusCode, result as ErrorResponse, headers, innerException)
        {
            Result = result;
        }

        /// <summary>The error body Gong sent.</summary>
        public TResult Result { get; }
    }
}
