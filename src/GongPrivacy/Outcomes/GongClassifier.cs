using System;
using System.Net.Http.Headers;
using GongPrivacy.Http;

namespace GongPrivacy
{
    /// <summary>What an attempt came to, and why: the pair the classifier decides.</summary>
    internal readonly struct GongVerdict
    {
        public GongVerdict(GongOutcome outcome, GongCause cause)
        {
            Outcome = outcome;
            Cause = cause;
        }

        public GongOutcome Outcome { get; }

        public GongCause Cause { get; }
    }

    /// <summary>
    /// The one place that decides what an answer or a failure means (<see cref="GongOutcome"/>, and why: <see cref="GongCause"/>).
    /// The transport handlers ask it once per attempt and record the result on the call; the retry rules, the exceptions,
    /// the log line, the telemetry, the token endpoint's reading and the attempt observers read that record and never look
    /// at a status code themselves.
    /// </summary>
    internal static class GongClassifier
    {
        /// <summary>What an answer with this HTTP status means, before its body is read.</summary>
        public static GongVerdict Classify(int status)
        {
            if (status >= 200 && status < 300)
            {
                return new GongVerdict(GongOutcome.Success, GongCause.None);
            }

            if (status >= 300 && status < 400)
            {
                // Never followed: a redirect is not Gong's answer, and nothing rules out that what sent it passed the request on.
                return new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer);
            }

            switch (status)
            {
                case 429:
                    return new GongVerdict(GongOutcome.Retryable, GongCause.RateLimited);
                case 503:
                case 408:
                    return new GongVerdict(GongOutcome.Retryable, GongCause.Unavailable);
                case 401:
                case 403:
                    return new GongVerdict(GongOutcome.Refused, GongCause.AccessDenied);
                case 404:
                    return new GongVerdict(GongOutcome.Refused, GongCause.NotFound);
            }

            if (status >= 400 && status < 500)
            {
                return new GongVerdict(GongOutcome.Refused, GongCause.Rejected);
            }

            // 500, 502, 504 and other 5xx, and anything else (1xx): nothing rules out that Gong acted.
            return new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.ServerError);
        }

        /// <summary>
        /// What an answer means, its headers read: a 2xx whose media type is not JSON (a proxy's page), or one that arrived
        /// after a redirect that something other than this client followed, is not Gong's answer.
        /// </summary>
        public static GongVerdict Classify(int status, MediaTypeHeaderValue? contentType, bool redirected)
        {
            var verdict = Classify(status);
            if (verdict.Outcome == GongOutcome.Success && (redirected || !IsJsonOrUnstated(contentType)))
            {
                return new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer);
            }

            return verdict;
        }

        /// <summary>What a 2xx answer whose body is not Gong's (no <c>requestId</c>, or not the expected JSON) means.</summary>
        public static GongVerdict NotGongsAnswer() => new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer);

        /// <summary>What a failure with no answer means.</summary>
        /// <param name="failure">The exception.</param>
        /// <param name="handedToNetwork">Whether the attempt reached the transport (false: the credential or a wait failed first).</param>
        /// <param name="cancelledByCaller">Whether the caller's own token was cancelled.</param>
        public static GongVerdict Classify(Exception failure, bool handedToNetwork, bool cancelledByCaller = false)
        {
            if (!handedToNetwork)
            {
                // Nothing left the process, and what failed (no token) is not mended by trying again at once.
                return new GongVerdict(GongOutcome.Refused, cancelledByCaller ? GongCause.Cancelled : GongCause.NoToken);
            }

            if (failure is OperationCanceledException && !(failure is Polly.Timeout.TimeoutRejectedException))
            {
                // Cancelled while the request was with the transport: it may have been written.
                return new GongVerdict(GongOutcome.MayHaveReachedGong, cancelledByCaller ? GongCause.Cancelled : GongCause.NoAnswer);
            }

            if (GongConnectionFailure.NeverLeftTheProcess(failure))
            {
                return new GongVerdict(GongConnectionFailure.IsPermanent(failure) ? GongOutcome.Refused : GongOutcome.Retryable, GongCause.NoConnection);
            }

            return new GongVerdict(GongOutcome.MayHaveReachedGong, GongCause.NoAnswer);
        }

        /// <summary>Whether a media type is JSON (<c>application/json</c>, <c>+json</c>), or not stated at all.</summary>
        private static bool IsJsonOrUnstated(MediaTypeHeaderValue? contentType)
        {
            var media = contentType?.MediaType;
            return string.IsNullOrEmpty(media)
                || media!.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        }
    }
}
