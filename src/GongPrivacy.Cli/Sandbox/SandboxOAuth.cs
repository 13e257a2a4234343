using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;

namespace GongPrivacy.Cli.Sandbox
{
    /// <summary>
    /// The sandbox's OAuth: an authorization page at <c>/oauth2/authorize</c> that consents at once (as if the
    /// administrator clicked Authorize) and sends the browser back to a loopback redirect URI with a code; a token
    /// endpoint at <c>/oauth2/generate-customer-token</c> that issues single-use refresh tokens and short-lived access
    /// tokens and answers the sandbox's own address as <c>api_base_url_for_customer</c>; and a second port that stands
    /// in for Gong's generic host, where every bearer token is refused.
    /// </summary>
    public sealed class SandboxOAuth
    {
        /// <summary>The sandbox app's client id.</summary>
        public const string ClientId = "sandbox-client";

        /// <summary>The sandbox app's client secret.</summary>
        public const string ClientSecret = "sandbox-client-secret";

        /// <summary>The token endpoint's path.</summary>
        public const string TokenPath = "/oauth2/generate-customer-token";

        /// <summary>The authorization page's path.</summary>
        public const string AuthorizePath = "/oauth2/authorize";

        /// <summary>The scopes the sandbox grants.</summary>
        public const string Scope = "api:data-privacy:read api:data-privacy:delete";

        private const string AccessPrefix = "sbx-at-";
        private readonly object _gate = new object();
        private readonly HashSet<string> _refreshTokens = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _codes = new Dictionary<string, string?>(StringComparer.Ordinal); // code → the redirect URI it was issued for (null: any)
        private readonly Dictionary<string, DateTimeOffset> _accessTokens = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        /// <summary>How long an access token lives. Default 60 seconds, so that a short run sees a refresh.</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Refresh requests answered with new tokens.</summary>
        public int Refreshes { get; private set; }

        /// <summary>Requests answered <c>invalid_grant</c>.</summary>
        public int InvalidGrants { get; private set; }

        /// <summary>Codes exchanged for tokens.</summary>
        public int CodesExchanged { get; private set; }

        /// <summary>Issues an authorization code, as Gong does when an administrator authorizes the app.</summary>
        /// <returns>The code, good for one exchange.</returns>
        public string IssueCode()
        {
            lock (_gate)
            {
                var code = "sbx-code-" + Random();
                _codes.Add(code, null);
                return code;
            }
        }

        /// <summary>
        /// Answers the authorization page. The sandbox consents at once and redirects (302) to <c>redirect_uri</c> with
        /// <c>code</c> and <c>state</c>, as Gong does after the administrator clicks Authorize. An unknown <c>client_id</c>,
        /// or a <c>redirect_uri</c> that is not an http(s) address on loopback, gets a 400 page and no redirect: the
        /// sandbox never sends a browser off this machine.
        /// </summary>
        internal async Task HandleAuthorizeAsync(HttpContext context)
        {
            var query = context.Request.Query;
            if (!string.Equals(query["client_id"].ToString(), ClientId, StringComparison.Ordinal))
            {
                await Page(context, 400, "Unknown client_id. The sandbox's app is '" + ClientId + "' (secret '" + ClientSecret + "').").ConfigureAwait(false);
                return;
            }

            if (!Uri.TryCreate(query["redirect_uri"].ToString(), UriKind.Absolute, out var redirect) || !redirect.IsLoopback ||
                (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps) || redirect.Fragment.Length > 0)
            {
                await Page(context, 400, "The redirect_uri must be an absolute http(s) address on loopback, such as http://127.0.0.1:5281/callback.").ConfigureAwait(false);
                return;
            }

            string answer;
            if (!string.Equals(query["response_type"].ToString(), "code", StringComparison.Ordinal))
            {
                answer = "error=unsupported_response_type";
            }
            else
            {
                lock (_gate)
                {
                    var code = "sbx-code-" + Random();
                    _codes.Add(code, redirect.AbsoluteUri);
                    answer = "code=" + Uri.EscapeDataString(code);
                }
            }

            var state = query["state"].ToString();
            var location = redirect.AbsoluteUri + (redirect.Query.Length > 1 ? "&" : redirect.Query.Length == 1 ? string.Empty : "?") + answer +
                (state.Length > 0 ? "&state=" + Uri.EscapeDataString(state) : string.Empty);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = location;
            context.Response.Headers.CacheControl = "no-store";
        }

        /// <summary>Whether a request's credential may reach the data: every bearer token the sandbox issued must be live and sent to its own host.</summary>
        internal bool Accepts(HttpContext context, bool customerHost)
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!customerHost)
            {
                // The generic host: Gong refuses a customer's token here.
                return false;
            }

            var token = header.Substring(7).Trim();
            if (!token.StartsWith(AccessPrefix, StringComparison.Ordinal))
            {
                return true; // a bearer token the sandbox did not issue: accepted, as before
            }

            lock (_gate)
            {
                return _accessTokens.TryGetValue(token, out var expires) && DateTimeOffset.UtcNow < expires;
            }
        }

        /// <summary>Answers the token endpoint.</summary>
        internal async Task HandleTokenAsync(HttpContext context, Uri customerBaseUrl)
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
            if (!string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
            {
                await Write(context, 401, new { error = "invalid_client" }).ConfigureAwait(false);
                return;
            }

            var query = context.Request.Query;
            var grant = query["grant_type"].ToString();
            object answer;
            lock (_gate)
            {
                var spent = grant == "refresh_token" ? _refreshTokens.Remove(query["refresh_token"].ToString())
                    : grant == "authorization_code" && SpendCode(query["code"].ToString(), query["redirect_uri"].ToString());
                if (!spent)
                {
                    InvalidGrants++;
                    answer = new { error = "invalid_grant", error_description = "The grant is spent, revoked or unknown; the customer must authorize again." };
                }
                else
                {
                    if (grant == "refresh_token")
                    {
                        Refreshes++;
                    }
                    else
                    {
                        CodesExchanged++;
                    }

                    var access = AccessPrefix + Random();
                    var refresh = "sbx-rt-" + Random();
                    _accessTokens[access] = DateTimeOffset.UtcNow + AccessTokenLifetime;
                    _refreshTokens.Add(refresh);
                    answer = new
                    {
                        access_token = access,
                        refresh_token = refresh,
                        token_type = "bearer",
                        expires_in = (int)AccessTokenLifetime.TotalSeconds,
                        scope = Scope,
                        api_base_url_for_customer = customerBaseUrl.GetLeftPart(UriPartial.Authority),
                    };
                }
            }

            await Write(context, answer.GetType().GetProperty("error") != null ? 400 : 200, answer).ConfigureAwait(false);
        }

        /// <summary>Spends a code once; a code issued for a redirect URI is good only with the same one, as at Gong.</summary>
        private bool SpendCode(string code, string redirectUri)
        {
            if (!_codes.TryGetValue(code, out var issuedFor))
            {
                return false;
            }

            _codes.Remove(code); // spent even when the redirect URI does not match: a code is tried once
            return issuedFor == null || string.Equals(issuedFor, redirectUri, StringComparison.Ordinal);
        }

        private static async Task Page(HttpContext context, int status, string message)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html;charset=UTF-8";
            await context.Response.WriteAsync("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sandbox Gong: authorization</title></head><body><p>" +
                System.Net.WebUtility.HtmlEncode(message) + "</p></body></html>").ConfigureAwait(false);
        }

        private static async Task Write(HttpContext context, int status, object body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.WriteAsync(JsonConvert.SerializeObject(body)).ConfigureAwait(false);
        }

        private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

        /// <summary>Names the counters, never a token.</summary>
        /// <returns>The description.</returns>
        public override string ToString() => "SandboxOAuth(CodesExchanged=" + CodesExchanged.ToString(CultureInfo.InvariantCulture) + ", Refreshes=" + Refreshes.ToString(CultureInfo.InvariantCulture) + ", InvalidGrants=" + InvalidGrants.ToString(CultureInfo.InvariantCulture) + ")";
    }
}
