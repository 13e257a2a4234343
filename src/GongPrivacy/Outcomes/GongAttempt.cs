using System;
using System.Globalization;
using GongPrivacy.Internal;

namespace GongPrivacy
{
    /// <summary>
    /// One attempt of a call, as an <see cref="IGongAttemptObserver"/> sees it: before it is sent
    /// (<see cref="Outcome"/> is <see langword="null"/>), then with what it came to.
    /// </summary>
    /// <remarks>
    /// <see cref="Subject"/> is the email address or phone number the call names, as given: personal data, there so
    /// that an observer can tell concurrent calls apart. <see cref="ToString"/> masks it; do not log it yourself.
    /// </remarks>
    public sealed class GongAttempt
    {
        internal GongAttempt(long callId, int number, string method, string host, string path, string? subjectParameter, string? subject, bool sent, int statusCode, string? requestId, GongOutcome? outcome, GongCause? cause, TimeSpan? retryAfter, string? failure)
        {
            CallId = callId;
            Number = number;
            Method = method;
            Host = host;
            Path = path;
            SubjectParameter = subjectParameter;
            Subject = subject;
            Sent = sent;
            StatusCode = statusCode;
            RequestId = requestId;
            Outcome = outcome;
            Cause = cause;
            RetryAfter = retryAfter;
            Failure = failure;
        }

        /// <summary>The call this attempt belongs to: the same number for every attempt of one operation call, unique in the process.</summary>
        public long CallId { get; }

        /// <summary>The attempt's number within its call, from 1; a resend after a refreshed OAuth token counts as one.</summary>
        public int Number { get; }

        /// <summary>The HTTP method, such as <c>GET</c> (a lookup) or <c>POST</c> (an erasure).</summary>
        public string Method { get; }

        /// <summary>
        /// Where the attempt goes: the URL's scheme, host and port, such as <c>https://us-12345.api.gong.io</c> (with OAuth, the
        /// customer's host the tokens name). Not personal data.
        /// </summary>
        public string Host { get; }

        /// <summary>The URL's path, such as <c>/v2/data-privacy/erase-data-for-email-address</c>; never the query, which names the subject.</summary>
        public string Path { get; }

        /// <summary>The query parameter that names the subject (<c>emailAddress</c> or <c>phoneNumber</c>), or <see langword="null"/>.</summary>
        public string? SubjectParameter { get; }

        /// <summary>The email address or phone number the call names, as given. Personal data: never log it unmasked.</summary>
        public string? Subject { get; }

        /// <summary>
        /// Whether the request may have left the process: <see langword="false"/> before it is handed to the network, and
        /// when it certainly never left (refused connection, host not found, TLS failure, no token).
        /// </summary>
        public bool Sent { get; }

        /// <summary>Gong's HTTP status, or 0 when no answer came (or none yet).</summary>
        public int StatusCode { get; }

        /// <summary>Gong's request id from the <c>x-traceid</c> header, when the answer carried one.</summary>
        public string? RequestId { get; }

        /// <summary>What the attempt came to; <see langword="null"/> in <see cref="IGongAttemptObserver.OnSending"/>.</summary>
        public GongOutcome? Outcome { get; }

        /// <summary>
        /// Why the attempt came to its <see cref="Outcome"/> (a rate limit, a refused credential, an answer that is not
        /// Gong's, …); <see langword="null"/> in <see cref="IGongAttemptObserver.OnSending"/>.
        /// </summary>
        public GongCause? Cause { get; }

        /// <summary>How long Gong asked to wait before the next attempt (<c>Retry-After</c>), if it said.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>Why no answer came, such as <c>connection refused</c> or <c>timed out</c>; <see langword="null"/> when Gong answered.</summary>
        public string? Failure { get; }

        /// <summary>Whether Gong may have acted on this attempt: it answered 2xx, or the outcome is <see cref="GongOutcome.MayHaveReachedGong"/>.</summary>
        public bool MayHaveReachedGong => Outcome == GongOutcome.Success || Outcome == GongOutcome.MayHaveReachedGong;

        /// <summary>Describes the attempt with the subject masked.</summary>
        /// <returns>Such as <c>POST /v2/data-privacy/erase-data-for-email-address j***@e***.com attempt 1: 200 Success, request id 4al0…</c>.</returns>
        public override string ToString()
        {
            var subject = Subject == null ? string.Empty : " " + (SubjectParameter == "phoneNumber" ? GongRedaction.MaskPhone(Subject) : GongRedaction.MaskEmail(Subject));
            var what = Outcome == null
                ? "sending"
                : (StatusCode == 0 ? Failure ?? "no answer" : StatusCode.ToString(CultureInfo.InvariantCulture)) + " " + Outcome + (Cause is GongCause cause && cause != GongCause.None ? " (" + cause + ")" : string.Empty);
            return string.Format(CultureInfo.InvariantCulture, "{0} {1}{2} call {3} attempt {4}: {5}{6}", Method, Path, subject, CallId, Number, what, RequestId == null ? string.Empty : ", request id " + RequestId);
        }
    }
}
