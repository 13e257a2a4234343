using System;

namespace GongPrivacy
{
    /// <summary>
    /// The tokens Gong's token endpoint issued for one customer: an access token, the single-use refresh token, when the
    /// access token expires and the customer's own API host. <see cref="ToString"/> never shows a token.
    /// </summary>
    public sealed class GongOAuthTokens
    {
        /// <summary>Creates the token set.</summary>
        /// <param name="accessToken">The access token, sent as <c>Authorization: Bearer</c>.</param>
        /// <param name="refreshToken">The refresh token; Gong accepts it once.</param>
        /// <param name="expiresAt">When the access token expires.</param>
        /// <param name="apiBaseUrlForCustomer">Gong's <c>api_base_url_for_customer</c>, such as <c>https://us-49467.api.gong.io</c>; null when unknown.</param>
        /// <param name="scope">The granted scopes, if Gong named them.</param>
        /// <param name="issuedAt">When Gong issued the access token, if known; it bounds how early a short-lived token is refreshed.</param>
        /// <exception cref="ArgumentException">A token is null, empty or white space.</exception>
        public GongOAuthTokens(string accessToken, string refreshToken, DateTimeOffset expiresAt, string? apiBaseUrlForCustomer, string? scope = null, DateTimeOffset? issuedAt = null)
        {
            if (string.IsNullOrWhiteSpace(accessToken))
            {
                throw new ArgumentException("The OAuth access token is missing: it is null, empty or white space.", nameof(accessToken));
            }

            if (string.IsNullOrWhiteSpace(refreshToken))
            {
                throw new ArgumentException("The OAuth refresh token is missing: it is null, empty or white space.", nameof(refreshToken));
            }

            AccessToken = accessToken;
            RefreshToken = refreshToken;
            ExpiresAt = expiresAt;
            ApiBaseUrlForCustomer = string.IsNullOrWhiteSpace(apiBaseUrlForCustomer) ? null : apiBaseUrlForCustomer!.Trim();
            Scope = scope;
            IssuedAt = issuedAt;
        }

        /// <summary>
        /// When the access token was issued, if known. A credential refreshes ahead of expiry by its <c>refreshAhead</c>, but
        /// never earlier than half the token's lifetime, so a token that lives 60 seconds is used for 30.
        /// </summary>
        public DateTimeOffset? IssuedAt { get; }

        /// <summary>The access token.</summary>
        public string AccessToken { get; }

        /// <summary>The refresh token. Gong accepts each one once: store its successor before anything else.</summary>
        public string RefreshToken { get; }

        /// <summary>When the access token expires.</summary>
        public DateTimeOffset ExpiresAt { get; }

        /// <summary>The customer's own API host (<c>api_base_url_for_customer</c>); Gong refuses the token at any other host.</summary>
        public string? ApiBaseUrlForCustomer { get; }

        /// <summary>The granted scopes, space-separated, if Gong named them.</summary>
        public string? Scope { get; }

        /// <summary>Describes the tokens without showing either token.</summary>
        /// <returns>The expiry, host and scope.</returns>
        public override string ToString() => "GongOAuthTokens(ExpiresAt=" + ExpiresAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture) + ", ApiBaseUrlForCustomer=" + ApiBaseUrlForCustomer + ", Scope=" + Scope + ", AccessToken=REDACTED, RefreshToken=REDACTED)";
    }
}
