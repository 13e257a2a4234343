using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using GongPrivacy.Http;

namespace GongPrivacy
{
    /// <summary>
    /// Thrown when the caller's <see cref="CancellationToken"/> cancels a call. It is an <see cref="OperationCanceledException"/>,
    /// so <c>catch (OperationCanceledException)</c> still works, and it says whether the request may have reached Gong.
    /// </summary>
    public sealed class GongOperationCanceledException : OperationCanceledException
    {
        private GongOperationCanceledException(string message, Exception innerException, CancellationToken cancellationToken, int attempts, bool mayHaveReachedGong, GongOutcome? outcome)
            : base(message, innerException, cancellationToken)
        {
            Attempts = attempts;
            MayHaveReachedGong = mayHaveReachedGong;
            Outcome = outcome;
        }

        /// <summary>
        /// What the last attempt came to before the call was cancelled, as the attempt observers saw it:
        /// <see cref="GongOutcome.MayHaveReachedGong"/> when the request was with the network, another outcome for an attempt
        /// that had ended (the call was cancelled while it waited to try again), <see langword="null"/> when no attempt had
        /// been made (cancelled while waiting for the rate limiter or a token).
        /// </summary>
        public GongOutcome? Outcome { get; }

        /// <summary>
        /// Whether any attempt of the call may have been acted on by Gong. <see langword="false"/> when the call was cancelled
        /// while it waited for the rate limiter, the quota or a token, or between attempts whose answers ruled it out (a 429):
        /// nothing that could take effect left the process. <see langword="true"/> when a request was on the wire when the
        /// call was cancelled, or an earlier attempt got no answer: an erasure in that state may have been accepted.
        /// </summary>
        public bool MayHaveReachedGong { get; }

        /// <summary>How many attempts were started, the cancelled one included.</summary>
        public int Attempts { get; }

        internal static GongOperationCanceledException Create(HttpRequestMessage request, GongCallState state, OperationCanceledException cancelled, CancellationToken cancellationToken)
        {
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "The call {0} {1} was cancelled on attempt {2}; {3}",
                request.Method.Method,
                request.RequestUri?.AbsolutePath,
                state.Attempts,
                state.MayHaveReachedGong ? "a request was sent, so Gong may have received it." : "nothing that could take effect reached Gong.");
            return new GongOperationCanceledException(message, cancelled, cancellationToken, state.Attempts, state.MayHaveReachedGong, state.LastAttempt?.Outcome);
        }
    }
}
