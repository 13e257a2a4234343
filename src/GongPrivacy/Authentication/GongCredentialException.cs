namespace GongPrivacy
{
    /// <summary>Why a credential could not produce a token.</summary>
    public enum GongCredentialFailure
    {
        /// <summary>The credential's token provider (<see cref="GongCredential.FromTokenProvider"/>) failed or returned no token.</summary>
        TokenProviderFailed,

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

        /// <summary>
        /// The tokens name a customer host (<c>api_base_url_for_customer</c>) that is not Gong's: neither <c>gong.io</c> nor a
        /// host under it (nor loopback, for a local fake). The token and the subject are never sent there; nothing was sent.
        /// </summary>
        UntrustedCustomerHost,
    }

    /// <summary>
    /// A credential could not produce a token (a token provider failed, or OAuth could not give or refresh one); nothing was
    /// sent to the Data Privacy API, so <see cref="GongApiException.StatusCode"/> is 0, <see cref="GongApiException.Outcome"/> is
    /// <see cref="GongOutcome.Refused"/>, and the token endpoint's own status is in <see cref="TokenEndpointStatus"/>. Never
    /// retried. The message never holds a token, a code or the client secret. A 401 from the Data Privacy API itself is a
    /// <see cref="GongApiException"/> with status 401, not this.
    /// </summary>
    public sealed class GongCredentialException : GongApiException
    {
        internal GongCredentialException(GongCredentialFailure failure, string message, int tokenEndpointStatus, string? error, System.Exception? innerException = null, int attempts = 1, bool mayHaveReachedGong = false)
            : base(new GongFailure
            {
                Message = message,
                Inner = innerException,
                Outcome = GongOutcome.Refused,
                Cause = GongCause.NoToken,
                Attempts = attempts,
                MayHaveReachedGong = mayHaveReachedGong,
                Description = "no token: " + failure,
            })
        {
            Reason = failure;
            Error = error;
            TokenEndpointStatus = tokenEndpointStatus;
        }

        /// <summary>
        /// The same failure, with what the call's earlier attempts did: a call whose first attempt was sent (and, say, answered
        /// 500) and whose credential then failed may have reached Gong, and says so.
        /// </summary>
        internal GongCredentialException ForCall(int attempts, bool mayHaveReachedGong) =>
            attempts == Attempts && mayHaveReachedGong == MayHaveReachedGong
                ? this
                : new GongCredentialException(
                    Reason,
                    mayHaveReachedGong ? Message + " An earlier attempt of this call was sent and may have reached Gong." : Message,
                    TokenEndpointStatus,
                    Error,
                    InnerException,
                    attempts,
                    mayHaveReachedGong);

        /// <summary>The token endpoint's HTTP status, or 0 when it was not asked or gave no answer.</summary>
        public int TokenEndpointStatus { get; }

        /// <summary>What went wrong.</summary>
        public GongCredentialFailure Reason { get; }

        /// <summary>The token endpoint's OAuth error code (such as <c>invalid_grant</c>), if it sent one.</summary>
        public string? Error { get; }

        /// <summary><see langword="true"/> when the customer must authorize the app again (<see cref="GongCredentialFailure.ReauthorizationRequired"/>).</summary>
        public bool ReauthorizationRequired => Reason == GongCredentialFailure.ReauthorizationRequired;
    }
}
