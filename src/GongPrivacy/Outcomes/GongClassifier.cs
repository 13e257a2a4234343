using System;
using GongPrivacy.Http;

namespace GongPrivacy
{
    /// <summary>
    /// The one place that decides what an answer or a failure means (<see cref="GongOutcome"/>). The transport handlers
    /// ask it once per attempt and record the result on the call; the retry rules, the exceptions, the log line, the
    /// telemetry and the attempt observers read that record and never look at a status code themselves.
    /// </summary>
    internal static class GongClassifier
    {
        /// <summary>What an answer with this HTTP status means.</summary>
        public static GongOutcome Classify(int status)
        {
            if (status >= 200 && status < 300)
            {
                return GongOutcome.Success;
            }

            if (status == 429 || status == 503 || status == 408)
            {
                return GongOutcome.Retryable;
            }

            if (status >= 400 && status < 500)
            {
                return GongOutcome.Refused;
            }

            // 500, 502, 504 and other 5xx, and anything else (1xx, an unfollowed 3xx): nothing rules out that Gong acted.
            return GongOutcome.MayHaveReachedGong;
        }

        /// <summary>What a failure with no answer means.</summary>
        /// <param name="failure">The exception.</param>
        /// <param name="handedToNetwork">Whether the attempt reached the transport (false: the credential, the quota or a wait failed first).</param>
        public static GongOutcome Classify(Exception failure, bool handedToNetwork)
        {
            if (!handedToNetwork)
            {
                // Nothing left the process, and what failed (no token, no quota) is not mended by trying again at once.
                return GongOutcome.Refused;
            }

            if (failure is OperationCanceledException && !(failure is Polly.Timeout.TimeoutRejectedException))
            {
                // Cancelled while the request was with the transport: it may have been written.
                return GongOutcome.MayHaveReachedGong;
            }

            if (GongConnectionFailure.NeverLeftTheProcess(failure))
            {
                return GongConnectionFailure.IsPermanent(failure) ? GongOutcome.Refused : GongOutcome.Retryable;
            }

            return GongOutcome.MayHaveReachedGong;
        }

        /// <summary>Whether the status is Gong's rate limit, whose retries have their own budget.</summary>
        public static bool IsRateLimit(int status) => status == 429;
    }
}
