using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using GongPrivacy.Http;

namespace GongPrivacy
{
    /// <summary>
    /// Thrown when a call fails: Gong answered with an error status (400, 401, 429, 500, …), a proxy answered with a page
    /// instead of Gong, a body could not be read, or no answer came at all (<see cref="StatusCode"/> 0). It carries what
    /// happened, decided by the same rule the retry and the attempt observers use (<see cref="Outcome"/>).
    /// </summary>
    /// <remarks>
    /// The message and <see cref="Exception.ToString"/> never hold the response body or a credential: Gong's responses are
    /// people's emails and phone numbers. Gong's error texts are kept in <see cref="Errors"/>; the message quotes them with
    /// every email address and phone number masked.
    /// </remarks>
    public class GongApiException : Exception
    {
        /// <summary>The header in which Gong repeats the request id.</summary>
        internal const string TraceIdHeader = "x-traceid";

        /// <summary>
        /// The generated client's constructor for what it finds itself: a 2xx body that is empty or not the expected JSON.
        /// Every other failure is built by <see cref="GongExceptions"/>; so is this one.
        /// </summary>
        internal GongApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>>? headers, Exception? innerException)
            : this(GongExceptions.FromGeneratedCode(message, statusCode, headers, innerException))
        {
        }

        /// <summary>Builds the exception from what <see cref="GongExceptions"/> decided.</summary>
        internal GongApiException(GongFailure failure)
            : base(failure.Message, failure.Inner)
        {
            StatusCode = failure.StatusCode;
            RequestId = failure.RequestId;
            Errors = new ReadOnlyCollection<string>(failure.Errors);
            RetryAfter = failure.RetryAfter;
            ContentType = failure.ContentType;
            ReadFailure = failure.ReadFailure;
            Attempts = failure.Attempts;
            MayHaveReachedGong = failure.MayHaveReachedGong;
            Outcome = failure.Outcome;
            Cause = failure.Cause;
            Failure = failure.Description;
        }

        /// <summary>The HTTP status code of Gong's answer, or 0 when no answer came.</summary>
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

        /// <summary>How many requests were sent or tried before this exception was thrown (1 when nothing was retried).</summary>
        public int Attempts { get; }

        /// <summary>
        /// What the last attempt came to (<see cref="GongOutcome"/>), as the attempt observers saw it. A 2xx whose body is
        /// not Gong's answer (not JSON, or no <c>requestId</c>) is <see cref="GongOutcome.MayHaveReachedGong"/> with
        /// <see cref="GongCause.NotGongsAnswer"/>, never <see cref="GongOutcome.Success"/>.
        /// </summary>
        public GongOutcome Outcome { get; }

        /// <summary>
        /// Why the call failed, decided with <see cref="Outcome"/>: a rate limit, a refused credential, a request Gong
        /// rejected, an answer that is not Gong's (a redirect, a proxy's page), no connection, no answer, no token.
        /// Read this instead of <see cref="StatusCode"/> to decide what to do.
        /// </summary>
        public GongCause Cause { get; }

        /// <summary>
        /// Whether Gong may have acted on the call: <see langword="true"/> when any attempt was answered 2xx or ended as
        /// <see cref="GongOutcome.MayHaveReachedGong"/> (sent, with no answer that rules it out). <see langword="false"/> when
        /// every attempt was refused, asked to wait, or never left the process. An erasure for which this is
        /// <see langword="true"/> must not be counted as "not sent": it may have been accepted.
        /// </summary>
        public bool MayHaveReachedGong { get; }

        /// <summary><see langword="true"/> for a 429 (<see cref="GongCause.RateLimited"/>): wait <see cref="RetryAfter"/> before trying again.</summary>
        public bool IsRateLimited => Cause == GongCause.RateLimited;

        /// <summary>
        /// Why no answer came, such as <c>connection refused (nothing listens there: check the base URL and port)</c>, as
        /// <see cref="GongAttempt.Failure"/> says it; <see langword="null"/> when Gong answered.
        /// </summary>
        public string? Failure { get; }
    }
}
