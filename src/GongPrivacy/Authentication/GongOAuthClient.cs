using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// Gong's OAuth endpoints for one app (client id and secret): the authorization URL, the code exchange and the refresh.
    /// Thread-safe. <see cref="ToString"/> never shows the secret.
    /// </summary>
    public sealed class GongOAuthClient
    {
        /// <summary>Gong's token endpoint.</summary>
        public const string DefaultTokenEndpoint = "https://app.gong.io/oauth2/generate-customer-token";

        /// <summary>Gong's authorization page.</summary>
        public const string DefaultAuthorizeEndpoint = "https://app.gong.io/oauth2/authorize";

        /// <summary>How long a request to the token endpoint may take with the shared <see cref="HttpClient"/>: 30 seconds.</summary>
        internal static readonly TimeSpan DefaultTokenRequestTimeout = TimeSpan.FromSeconds(30);

        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(() => new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = DefaultTokenRequestTimeout }, isThreadSafe: true);

        private readonly string _clientSecret;
        private readonly HttpClient _http;
        private readonly AuthenticationHeaderValue _basic;

        /// <summary>Creates the client of Gong's OAuth endpoints.</summary>
        /// <param name="clientId">The app's client id.</param>
        /// <param name="clientSecret">The app's client secret.</param>
        /// <param name="tokenEndpoint">The token endpoint; default <see cref="DefaultTokenEndpoint"/> (the sandbox or a test gives its own).</param>
        /// <param name="httpClient">The <see cref="HttpClient"/> to send with; default one shared by the process.</param>
        /// <param name="timeProvider">The clock that dates the tokens' expiry; default the system clock.</param>
        /// <param name="authorizeEndpoint">The authorization page; default <see cref="DefaultAuthorizeEndpoint"/>.</param>
        /// <exception cref="ArgumentException">The client id or secret is missing, or an endpoint is not absolute https (http only on loopback).</exception>
        public GongOAuthClient(string clientId, string clientSecret, Uri? tokenEndpoint = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null, Uri? authorizeEndpoint = null)
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                throw new ArgumentException("The Gong OAuth client id is missing: it is null, empty or white space.", nameof(clientId));
            }

            if (clientId.IndexOf(':') >= 0)
            {
                throw new ArgumentException("The Gong OAuth client id must not contain ':'.", nameof(clientId));
            }

            if (string.IsNullOrWhiteSpace(clientSecret))
            {
                throw new ArgumentException("The Gong OAuth client secret is missing: it is null, empty or white space.", nameof(clientSecret));
            }

            ClientId = clientId.Trim();
            _clientSecret = clientSecret.Trim();
            TokenEndpoint = tokenEndpoint ?? new Uri(DefaultTokenEndpoint);
            AuthorizeEndpoint = authorizeEndpoint ?? new Uri(DefaultAuthorizeEndpoint);
            GongBaseUrl.CheckScheme(TokenEndpoint, nameof(tokenEndpoint));
            GongBaseUrl.CheckScheme(AuthorizeEndpoint, nameof(authorizeEndpoint));
            _http = httpClient ?? SharedHttp.Value;
            Time = timeProvider ?? TimeProvider.System;
            _basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + _clientSecret)));
        }

        /// <summary>The app's client id.</summary>
        public string ClientId { get; }

        /// <summary>The token endpoint.</summary>
        public Uri TokenEndpoint { get; }

        /// <summary>The authorization page.</summary>
        public Uri AuthorizeEndpoint { get; }

        /// <summary>The clock that dates the tokens' expiry.</summary>
        public TimeProvider Time { get; }

        internal string Fingerprint => "oauth:" + GongCredential.Hash(ClientId + ":" + _clientSecret);

        /// <summary>A new random <c>state</c> value (256 bits, URL-safe) to send with the authorization URL and check on the callback.</summary>
        /// <returns>The state.</returns>
        public static string CreateState()
        {
            var bytes = new byte[32];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>The URL to send the customer's Gong administrator to, to authorize the app.</summary>
        /// <param name="redirectUri">Where Gong sends the browser back with <c>code</c> and <c>state</c>; registered with the app.</param>
        /// <param name="scope">The scopes, space-separated, such as <c>api:data-privacy:read api:data-privacy:delete</c>.</param>
        /// <param name="state">A value to check on the callback, from <see cref="CreateState"/>; keep it in the user's session.</param>
        /// <returns>The authorization URL.</returns>
        /// <exception cref="ArgumentException">An argument is missing.</exception>
        public Uri GetAuthorizationUri(Uri redirectUri, string scope, string state)
        {
            if (redirectUri == null || !redirectUri.IsAbsoluteUri)
            {
                throw new ArgumentException("The redirect URI must be absolute.", nameof(redirectUri));
            }

            if (string.IsNullOrWhiteSpace(scope))
            {
                throw new ArgumentException("The scope is missing.", nameof(scope));
            }

            if (string.IsNullOrWhiteSpace(state))
            {
                throw new ArgumentException("The state is missing; use GongOAuthClient.CreateState() and check it on the callback.", nameof(state));
            }

            var query = "client_id=" + Uri.EscapeDataString(ClientId) + "&response_type=code&scope=" + Uri.EscapeDataString(scope) +
                "&redirect_uri=" + Uri.EscapeDataString(redirectUri.AbsoluteUri) + "&state=" + Uri.EscapeDataString(state);
            return new UriBuilder(AuthorizeEndpoint) { Query = query }.Uri;
        }

        /// <summary>
        /// Exchanges the code from the callback for the customer's first tokens and stores them in <paramref name="store"/>,
        /// replacing what it held (a customer who authorizes again starts afresh).
        /// </summary>
        /// <param name="code">The <c>code</c> query parameter of the callback.</param>
        /// <param name="redirectUri">The redirect URI given to <see cref="GetAuthorizationUri"/>.</param>
        /// <param name="store">Where the customer's tokens live.</param>
        /// <param name="cancellationToken">Cancels the exchange.</param>
        /// <returns>The tokens, already stored.</returns>
        /// <exception cref="GongCredentialException">Gong refused the code (<see cref="GongCredentialFailure.ReauthorizationRequired"/>) or the exchange failed.</exception>
        public async Task<GongOAuthTokens> ExchangeCodeAsync(string code, Uri redirectUri, IGongTokenStore store, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                throw new ArgumentException("The authorization code is missing.", nameof(code));
            }

            if (redirectUri == null)
            {
                throw new ArgumentNullException(nameof(redirectUri));
            }

            if (store == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            var tokens = await RequestAsync(
                "grant_type=authorization_code&code=" + Uri.EscapeDataString(code) + "&client_id=" + Uri.EscapeDataString(ClientId) + "&redirect_uri=" + Uri.EscapeDataString(redirectUri.AbsoluteUri),
                null,
                cancellationToken).ConfigureAwait(false);
            using (await store.LockAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < 10; i++)
                {
                    var current = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (await store.TryReplaceAsync(current?.RefreshToken, tokens, cancellationToken).ConfigureAwait(false))
                    {
                        return tokens;
                    }
                }
            }

            throw new InvalidOperationException("The token store kept changing while the first tokens were stored; the store's compare-and-swap may be broken.");
        }

        /// <summary>
        /// Spends <paramref name="refreshToken"/> for new tokens. Gong accepts a refresh token once: store the answer before
        /// anything else, and never send the same refresh token again. <see cref="GongCredential.FromOAuth"/> does both.
        /// </summary>
        /// <param name="refreshToken">The refresh token to spend.</param>
        /// <param name="cancellationToken">Cancels the refresh.</param>
        /// <returns>The new tokens.</returns>
        /// <exception cref="GongCredentialException"><c>invalid_grant</c>, or the token endpoint refused the request.</exception>
        /// <exception cref="HttpRequestException">The answer was lost: the refresh token may or may not have been spent.</exception>
        public Task<GongOAuthTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(refreshToken))
            {
                throw new ArgumentException("The refresh token is missing.", nameof(refreshToken));
            }

            return RequestAsync("grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(refreshToken), null, cancellationToken);
        }

        /// <summary>Names the app by client id, never its secret.</summary>
        /// <returns>For example <c>GongOAuthClient(ClientId=abc, TokenEndpoint=…)</c>.</returns>
        public override string ToString() => "GongOAuthClient(ClientId=" + ClientId + ", TokenEndpoint=" + TokenEndpoint + ")";

        private async Task<GongOAuthTokens> RequestAsync(string query, string? previousHost, CancellationToken cancellationToken)
        {
            var uri = new UriBuilder(TokenEndpoint) { Query = query }.Uri;
            using (var request = new HttpRequestMessage(HttpMethod.Post, uri))
            {
                request.Headers.Authorization = _basic;
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using (var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    var status = (int)response.StatusCode;
                    string body;
                    try
                    {
                        body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        throw new HttpRequestException("The token endpoint's answer (HTTP " + status.ToString(CultureInfo.InvariantCulture) + ") ended before its body was complete.", ex);
                    }

                    JObject? json = null;
                    try
                    {
                        json = JObject.Parse(body);
                    }
                    catch (JsonException)
                    {
                    }

                    // The same reading of the answer as every Data Privacy call (GongClassifier); only the token grammar is the endpoint's.
                    var verdict = GongClassifier.Classify(status);
                    if (verdict.Outcome == GongOutcome.Success)
                    {
                        var access = (string?)json?["access_token"];
                        var refresh = (string?)json?["refresh_token"];
                        if (json == null || string.IsNullOrWhiteSpace(access) || string.IsNullOrWhiteSpace(refresh))
                        {
                            // Gong answered, but not with tokens we can use: treat it as a lost answer.
                            throw new HttpRequestException("The token endpoint answered HTTP " + status.ToString(CultureInfo.InvariantCulture) + " without an access token and a refresh token.");
                        }

                        var expiresIn = (double?)json["expires_in"] ?? 3600;
                        var host = (string?)json["api_base_url_for_customer"] ?? previousHost;
                        var now = Time.GetUtcNow();
                        return new GongOAuthTokens(access!, refresh!, now.AddSeconds(expiresIn), host, (string?)json["scope"], now);
                    }

                    var error = json?["error"]?.Type == JTokenType.String ? (string?)json["error"] : null;
                    if (string.Equals(error, "invalid_grant", StringComparison.Ordinal))
                    {
                        throw new GongCredentialException(
                            GongCredentialFailure.ReauthorizationRequired,
                            "Gong refused the grant (invalid_grant, HTTP " + status.ToString(CultureInfo.InvariantCulture) + "): the refresh token or code was spent or revoked. The customer must authorize the app again; retrying cannot help.",
                            status,
                            error);
                    }

                    if (verdict.Cause == GongCause.NotGongsAnswer)
                    {
                        // A redirect: not followed by the library's own client, since the grant travels in the query.
                        throw new GongCredentialException(
                            GongCredentialFailure.TokenEndpointFailed,
                            "The token endpoint " + TokenEndpoint.GetLeftPart(UriPartial.Authority) + " redirects (HTTP " + status.ToString(CultureInfo.InvariantCulture) + ") to " + Http.GongRequestContext.RedirectedTo(null, response) + ": that is not Gong's token endpoint answering. Check the token endpoint's address.",
                            status,
                            null);
                    }

                    if (verdict.Outcome == GongOutcome.Retryable)
                    {
                        // Refused before any work: the grant was not spent.
                        throw new GongTokenEndpointBusyException(status);
                    }

                    if (verdict.Outcome == GongOutcome.MayHaveReachedGong)
                    {
                        throw new HttpRequestException("The token endpoint answered HTTP " + status.ToString(CultureInfo.InvariantCulture) + ".");
                    }

                    throw new GongCredentialException(
                        GongCredentialFailure.TokenEndpointFailed,
                        "Gong's token endpoint refused the request (HTTP " + status.ToString(CultureInfo.InvariantCulture) + (error == null ? string.Empty : ", " + SafeCode(error)) + "). Check the client id and secret.",
                        status,
                        error == null ? null : SafeCode(error));
                }
            }
        }

        private static string SafeCode(string error)
        {
            // An OAuth error code is a short word; anything else is not echoed.
            foreach (var c in error)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return "unexpected error code";
                }
            }

            return error.Length <= 40 ? error : "unexpected error code";
        }
    }
}
