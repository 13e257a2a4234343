namespace GongPrivacy
{
    /// <summary>
    /// What one attempt of a call came to, decided in one place of the library and read by its retry, its exceptions, its
    /// log lines, its telemetry and every <see cref="IGongAttemptObserver"/>.
    /// </summary>
    public enum GongOutcome
    {
        /// <summary>Gong answered with a 2xx status: it did what was asked (for an erasure: it accepted the request).</summary>
        Success,

        /// <summary>
        /// Not done, and the same attempt again would not help: Gong refused it (400, 401, 403, 404 and other 4xx but 408
        /// and 429), or it could not be sent for a reason another attempt cannot mend (the host name does not resolve, the TLS
        /// handshake failed, the credential gave no token).
        /// </summary>
        Refused,

        /// <summary>
        /// Not done, and another attempt may succeed: Gong asked to wait (429 with <c>Retry-After</c>), was unavailable
        /// (503) or timed out the request (408), or the request never left the process (a refused connection).
        /// </summary>
        Retryable,

        /// <summary>
        /// The request was sent and no answer rules out that Gong acted on it: 500, 502, 504 and other 5xx, a connection
        /// lost or a timeout after the request was written, or a call cancelled while the request was on the wire. An
        /// erasure in this state may have been accepted; the client never sends it again unless
        /// <see cref="GongRetryOptions.ResendErasuresInDoubt"/> is set.
        /// </summary>
        MayHaveReachedGong,
    }
}
