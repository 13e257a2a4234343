using System;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// How the client proves who it is to Gong: an API access key and secret (HTTP Basic), an OAuth bearer
    /// token, or a callback that returns a fresh OAuth token. <see cref="ToString"/> never shows the secret.
    /// </summary>
    public abstract class GongCredential
    {
        private protected GongCredential()
        {
        }

        /// <summary>Set once the "configured host differs from the customer's" warning was logged, for every handler of this credential.</summary>
        internal int HostWarningLogged;

        /// <summary>The kind of credential, for messages: <c>access key</c>, <c>bearer token</c>, <c>token provider</c> or <c>OAuth</c>.</summary>
        public abstract string Kind { get; }

        /// <summary>An access key and secret from Gong's API settings page, sent as HTTP Basic authentication.</summary>
        /// <param name="accessKey">The access key.</param>
        /// <param name="accessKeySecret">The access key secret.</param>
        /// <returns>The credential.</returns>
        /// <exception cref="ArgumentException">Either value is null, empty or white space, or the key holds a colon.</exception>
        public static GongCredential FromAccessKey(string accessKey, string accessKeySecret)
        {
            if (string.IsNullOrWhiteSpace(accessKey))
            {
                throw new ArgumentException("The Gong access key is missing: it is null, empty or white space.", nameof(accessKey));
            }

            if (accessKey.IndexOf(':') >= 0)
            {
                throw new ArgumentException("The Gong access key must not contain ':'; pass the key and the secret separately.", nameof(accessKey));
            }

            if (string.IsNullOrWhiteSpace(accessKeySecret))
            {
                throw new ArgumentException("The Gong access key secret is missing: it is null, empty or white space.", nameof(accessKeySecret));
            }

            return new AccessKeyCredential(accessKey.Trim(), accessKeySecret.Trim());
        }

        /// <summary>An OAuth access token, sent as <c>Authorization: Bearer</c>.</summary>
        /// <param name="accessToken">The token.</param>
        /// <returns>The credential.</returns>
        /// <exception cref="ArgumentException">The token is null, empty or white space.</exception>
        public static GongCredential FromBearerToken(string accessToken)
        {
            if (string.IsNullOrWhiteSpace(accessToken))
            {
                throw new ArgumentException("The Gong bearer token is missing: it is null, empty or white space.", nameof(accessToken));
            }

            var token = accessToken.Trim();
            return new TokenProviderCredential("bearer token", _ => new ValueTask<string>(token), "token:" + Hash(token));
        }

        /// <summary>
        /// A callback that returns a current OAuth access token before every request, so that a refreshed token is
        /// picked up without rebuilding the client. Cache the token in the callback; it is called for every request.
        /// </summary>
        /// <param name="tokenProvider">Returns the token to send.</param>
        /// <returns>The credential.</returns>
        public static GongCredential FromTokenProvider(Func<CancellationToken, ValueTask<string>> tokenProvider)
        {
            if (tokenProvider == null)
            {
                throw new ArgumentNullException(nameof(tokenProvider), "The Gong token provider is missing.");
            }

            return new TokenProviderCredential("token provider", tokenProvider, "provider:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(tokenProvider).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// An OAuth credential for one Gong customer: the app's client id and secret (in <paramref name="client"/>) and the
        /// store that holds the customer's tokens. The access token is refreshed ahead of expiry and once after a 401, one
        /// refresh at a time; new tokens are stored before any call uses them; calls go to the customer's own host
        /// (<c>api_base_url_for_customer</c>) unless a base URL other than <c>https://api.gong.io</c> is configured.
        /// </summary>
        /// <param name="client">The app's OAuth endpoints, client id and secret.</param>
        /// <param name="store">Where the customer's tokens live; share one store between the processes of one app.</param>
        /// <param name="refreshAhead">How long before expiry to refresh; default 5 minutes.</param>
        /// <returns>The credential.</returns>
        public static GongCredential FromOAuth(GongOAuthClient client, IGongTokenStore store, TimeSpan? refreshAhead = null)
        {
            if (client == null)
            {
                throw new ArgumentNullException(nameof(client), "The Gong OAuth client is missing: new GongOAuthClient(clientId, clientSecret).");
            }

            if (store == null)
            {
                throw new ArgumentNullException(nameof(store), "The Gong OAuth token store is missing: use GongInMemoryTokenStore, GongFileTokenStore or your own IGongTokenStore.");
            }

            var ahead = refreshAhead ?? TimeSpan.FromMinutes(5);
            if (ahead < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(refreshAhead), "The refresh skew must be zero or more.");
            }

            return new GongOAuthCredential(client, store, ahead);
        }

        /// <summary>The header to send, with the customer's host for OAuth credentials.</summary>
        internal virtual async ValueTask<GongAuthorization> AuthorizeAsync(CancellationToken cancellationToken) =>
            new GongAuthorization(await GetAuthorizationAsync(cancellationToken).ConfigureAwait(false), null);

        /// <summary>After a 401: a refreshed authorization to resend once with, or null when the credential cannot refresh.</summary>
        internal virtual ValueTask<GongAuthorization?> AuthorizeAfterRejectionAsync(GongAuthorization rejected, CancellationToken cancellationToken) =>
            new ValueTask<GongAuthorization?>((GongAuthorization?)null);

        /// <summary>
        /// A short one-way fingerprint that tells credentials apart (for sharing a rate limiter) without revealing them.
        /// </summary>
        internal abstract string Fingerprint { get; }

        internal static string Hash(string value)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes("GongPrivacy.Credential|" + value));
                return BitConverter.ToString(bytes, 0, 8).Replace("-", string.Empty);
            }
        }

        /// <summary>Returns the <c>Authorization</c> header value for one request.</summary>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The header value.</returns>
        public abstract ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(CancellationToken cancellationToken);

        /// <summary>Names the kind of credential, never its value.</summary>
        /// <returns>For example <c>GongCredential(access key)</c>.</returns>
        public override string ToString() => "GongCredential(" + Kind + ")";

        private sealed class AccessKeyCredential : GongCredential
        {
            private readonly AuthenticationHeaderValue _header;

            private readonly string _fingerprint;

            public AccessKeyCredential(string accessKey, string secret)
            {
                _fingerprint = "key:" + Hash(accessKey);
                _header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(accessKey + ":" + secret)));
            }

            public override string Kind => "access key";

            internal override string Fingerprint => _fingerprint;

            public override ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(CancellationToken cancellationToken) => new ValueTask<AuthenticationHeaderValue>(_header);
        }

        private sealed class TokenProviderCredential : GongCredential
        {
            private readonly string _kind;
            private readonly Func<CancellationToken, ValueTask<string>> _provider;

            private readonly string _fingerprint;

            public TokenProviderCredential(string kind, Func<CancellationToken, ValueTask<string>> provider, string fingerprint)
            {
                _fingerprint = fingerprint;
                _kind = kind;
                _provider = provider;
            }

            public override string Kind => _kind;

            internal override string Fingerprint => _fingerprint;

            public override async ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(CancellationToken cancellationToken)
            {
                var token = await _provider(cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(token))
                {
                    throw new InvalidOperationException("The Gong token provider returned an empty token; no request was sent.");
                }

                return new AuthenticationHeaderValue("Bearer", token.Trim());
            }
        }
    }
}
