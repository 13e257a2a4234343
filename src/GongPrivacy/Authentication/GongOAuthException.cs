namespace GongPrivacy
{
    /// <summary>Why an OAuth credential could not produce a token.</summary>
    public enum GongOAuthFailure
    {
        /// <summary>Gong answered <c>invalid_grant</c>: the refresh token or code is spent or revoked. The customer must authorize the app again.</summary>
        ReauthorizationRequired,

        /// <summary>
        /// A refresh was sent but its answer was lost (connection failure, timeout, unreadable answer), and the store still
        /// holds the refresh token that was sent. Gong may have spent it; it is not sent again blindly.
        /// </summary>
        RefreshOutcomeUnknown,

        /// <summary>The token store holds no tokens: the customer has not authorized the app yet.</summary>
        NotAuthorized,

        /// <summary>The token endpoint refused the request for another reason (such as a wrong client id or secret).</summary>
        TokenEndpointFailed,

        /// <summary>
        /// The token endpoint could not be reached (connection refused, name not found, TLS) or answered 408, 429 or 503: the
        /// refresh token was not spent. Try again later; nothing needs authorizing again.
        /// </summary>
        TokenEndpointUnavailable,

        /// <summary>
        /// Gong issued new tokens but the token store failed to save them. The credential keeps them in memory and saves them
        /// before its next call; if the process ends first, they are lost and the customer must authorize the app again.
        /// </summary>
        TokenStoreFailed,
    }

    /// <summary>
    /// An OAuth credential could not produce a token; nothing was sent to the Data Privacy API, so
    /// <see cref="GongApiException.StatusCode"/> is 0 and the token endpoint's own status is in <see cref="TokenEndpointStatus"/>.
    /// Never retried. The message never holds a token, a code or the client secret.
    /// </summary>
    public sealed class GongOAuthException : GongApiException
    {
        internal GongOAuthException(GongOAuthFailure failure, string message, int statusCode, string? error, System.Exception? innerException = null)
            : base(message, 0, innerException)
        {
            Failure = failure;
            Error = error;
            TokenEndpointStatus = statusCode;
        }

        /// <summary>The token endpoint's HTTP status (such as 400 for <c>invalid_grant</c>); 0 when it gave none.</summary>
        public int TokenEndpointStatus { get; }

        /// <summary>Why no token could be had.</summary>
        public GongOAuthFailure Failure { get; }

        /// <summary>The token endpoint's <c>error</c> code, such as <c>invalid_grant</c>, if it sent one.</summary>
        public string? Error { get; }

        /// <summary>Whether the customer must authorize the app again (<see cref="GongOAuthFailure.ReauthorizationRequired"/>).</summary>
        public bool ReauthorizationRequired => Failure == GongOAuthFailure.ReauthorizationRequired;
    }
}
