namespace GongPrivacy
{
    /// <summary>
    /// Why an attempt or a call came to its <see cref="GongOutcome"/>, decided in the same place as the outcome, so that a
    /// caller never reads an HTTP status to tell a rate limit from a refused credential or a proxy's sign-in page.
    /// </summary>
    public enum GongCause
    {
        /// <summary>Gong answered 2xx with its JSON: nothing failed.</summary>
        None,

        /// <summary>Gong answered 429: its rate limit (3 calls a second) or its daily quota. Wait <c>Retry-After</c>.</summary>
        RateLimited,

        /// <summary>Gong answered 503 or 408: it is unavailable for now, or timed the request out. Nothing was done.</summary>
        Unavailable,

        /// <summary>Gong answered 401 or 403: the credential, its scope, or a token sent to another tenant's host.</summary>
        AccessDenied,

        /// <summary>Gong answered 404: the base URL is not Gong's API (a wrong host or path), not the subject.</summary>
        NotFound,

        /// <summary>
        /// Gong refused the request itself (400 and the other 4xx): malformed, or, for an erasure, one Gong will not carry out
        /// (such as an abnormally large deletion). Sending it again gets the same answer.
        /// </summary>
        Rejected,

        /// <summary>Gong (or a gateway before it) failed: 500, 502, 504 and the other 5xx. It may have acted first.</summary>
        ServerError,

        /// <summary>
        /// What answered is not Gong: a redirect (3xx, never followed, so no credential or subject goes to another host), a
        /// 2xx page that is not JSON (a proxy's sign-in page), or a 2xx JSON body without Gong's <c>requestId</c> (a
        /// gateway's <c>{}</c>). It is not an answer to the request, so it is neither a success nor "nothing found": fix the
        /// base URL (use your tenant's API host) or the proxy.
        /// </summary>
        NotGongsAnswer,

        /// <summary>No connection could be made (refused, host name not found, TLS failed): nothing was sent.</summary>
        NoConnection,

        /// <summary>The request was sent and no answer came (connection lost, timed out).</summary>
        NoAnswer,

        /// <summary>The credential could give no token (see <see cref="GongCredentialException.Reason"/>): nothing was sent.</summary>
        NoToken,

        /// <summary>The caller cancelled the call.</summary>
        Cancelled,
    }
}
