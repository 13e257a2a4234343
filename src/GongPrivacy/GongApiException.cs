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
            : this(message, statusCode, TryReadError(response), headers, innerException, IsBodyPresent(response))
        {
        }

        /// <summary>Creates the exception from an error body that was already read.</summary>
        /// <param name="message">What went wrong, without personal data.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="error">Gong's error body, if there was one.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="innerException">The reader's exception, if the body could not be read. Only its kind and position are kept.</param>
        protected GongApiException(string message, int statusCode, ErrorResponse? error, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
            : this(message, statusCode, error, headers, innerException, bodyPresent: error != null)
        {
        }

        private GongApiException(string message, int statusCode, ErrorResponse? error, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException, bool bodyPresent)
            : base(Compose(message, statusCode, error, headers, innerException, bodyPresent, out var requestId, out var retryAfter, out var contentType, out var readFailure))
        {
            StatusCode = statusCode;
            RequestId = requestId;
            RetryAfter = retryAfter;
            ContentType = contentType;
            ReadFailure = readFailure;
            Errors = new ReadOnlyCollection<string>(error?.Errors?.Where(e => e != null).ToList() ?? new List<string>());
            Attempts = AttemptsFrom(headers);
            MayHaveReachedGong = true;
        }

        private GongApiException(string message, Exception transportFailure, int attempts, bool mayHaveReachedGong)
            : base(message, transportFailure)
        {
            StatusCode = 0;
            Errors = new ReadOnlyCollection<string>(new List<string>());
            Attempts = attempts;
            MayHaveReachedGong = mayHaveReachedGong;
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
        /// Whether any attempt's request may have reached Gong. <see langword="false"/> only when nothing left the process:
        /// the call was cancelled while it waited for the rate limiter, the quota or a token, the token provider failed, or
        /// every connection failed before the request was written (refused, name not found, TLS). <see langword="true"/>
        /// when Gong (or a proxy in front of it) answered with a status, and when a request was sent and no answer came back
        /// (<see cref="StatusCode"/> 0): an erase in that state may have been accepted.
        /// </summary>
        public bool MayHaveReachedGong { get; }

        /// <summary><see langword="true"/> for a 429: the caller should wait <see cref="RetryAfter"/> before trying again.</summary>
        public bool IsRateLimited => StatusCode == 429;

        /// <summary>The exception for a request that got no answer (connection failure or timeout), after the last attempt.</summary>
        internal static GongApiException Unreachable(System.Net.Http.HttpRequestMessage request, Exception failure, int attempts, bool mayHaveReachedGong = true)
        {
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "Gong could not be reached for {0} {1}: {2} on attempt {3}; no answer, so no status and no request id.",
                request.Method.Method,
                request.RequestUri?.AbsolutePath,
                failure.GetType().Name,
                attempts);
            return new GongApiException(message, failure, attempts, mayHaveReachedGong);
        }

        private static int AttemptsFrom(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
            int.TryParse(Header(headers, Http.GongRequestContext.AttemptsHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempts) && attempts > 0 ? attempts : 1;

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

            var attempts = AttemptsFrom(headers);
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
