using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.AspNetCore.Http;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// The fake's OAuth, as Gong's: an authorization page at <c>/oauth2/authorize</c> that consents at once (as if the
    /// administrator clicked Authorize) and sends the browser back to a loopback redirect URI with a code; a token
    /// endpoint at <c>/oauth2/generate-customer-token</c> (HTTP Basic with the app's id and secret, the grant in the query)
    /// that issues single-use refresh tokens and access tokens that expire on the fake's clock, and names the fake's own
    /// address as <c>api_base_url_for_customer</c>. Its access tokens are accepted only at that host, and only while they
    /// live; the generic host (<see cref="FakeGong.GenericBaseUrl"/>) refuses every bearer token.
    /// </summary>
    public sealed class FakeGongOAuth
    {
        /// <summary>The fake app's client id.</summary>
        public const string ClientId = "sandbox-client";

        /// <summary>The fake app's client secret.</summary>
        public const string ClientSecret = "sandbox-client-secret";

        /// <summary>The token endpoint's path.</summary>
        public const string TokenPath = "/oauth2/generate-customer-token";

        /// <summary>The authorization page's path.</summary>
        public const string AuthorizePath = "/oauth2/authorize";

        /// <summary>The scopes the fake grants.</summary>
        public const string Scope = "api:data-privacy:read api:data-privacy:delete";

        private const string AccessPrefix = "sbx-at-";
        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly HashSet<string> _refreshTokens = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _codes = new Dictionary<string, string?>(StringComparer.Ordinal); // code → the redirect URI it was issued for (null: any)
        private readonly Dictionary<string, DateTimeOffset> _accessTokens = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private int _refreshes;
        private int _invalidGrants;
        private int _codesExchanged;

        internal FakeGongOAuth(TimeProvider time)
        {
            _time = time;
        }

        /// <summary>How long an access token lives, on the fake's clock. Default 60 seconds.</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Refresh requests answered with new tokens.</summary>
        public int Refreshes => Volatile.Read(ref _refreshes);

        /// <summary>Requests answered <c>invalid_grant</c> (a spent, revoked or unknown refresh token or code).</summary>
        public int InvalidGrants => Volatile.Read(ref _invalidGrants);

        /// <summary>Codes exchanged for tokens.</summary>
        public int CodesExchanged => Volatile.Read(ref _codesExchanged);

        /// <summary>Issues an authorization code, as Gong does when an administrator authorizes the app; good for one exchange with any redirect URI.</summary>
        /// <returns>The code.</returns>
        public string IssueCode()
        {
            lock (_gate)
            {
                var code = "sbx-code-" + RandomText();
                _codes.Add(code, null);
                return code;
            }
        }

        /// <summary>Names the counters, never a token.</summary>
        /// <returns>The description.</returns>
        public override string ToString() => "FakeGongOAuth(CodesExchanged=" + CodesExchanged.ToString(CultureInfo.InvariantCulture) + ", Refreshes=" + Refreshes.ToString(CultureInfo.InvariantCulture) + ", InvalidGrants=" + InvalidGrants.ToString(CultureInfo.InvariantCulture) + ")";

        /// <summary>Whether a bearer token may reach the data at this host: one the fake issued must be live; any token is refused at the generic host.</summary>
        internal bool AcceptsBearer(string token, bool genericHost)
        {
            if (genericHost)
            {
                return false;
            }

            if (!token.StartsWith(AccessPrefix, StringComparison.Ordinal))
            {
                return true; // a token the fake did not issue (a test's fixed bearer token): accepted, as any access key is
            }

            lock (_gate)
            {
                return _accessTokens.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;
            }
        }

        /// <summary>The token endpoint's answer to a request with <paramref name="authorization"/> and <paramref name="query"/>.</summary>
        internal Reply Token(string authorization, IQueryCollection query, Uri customerBaseUrl)
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
            if (!string.Equals(authorization, expected, StringComparison.Ordinal))
            {
                return Reply.Json(401, new JsonObject { ["error"] = "invalid_client" });
            }

            var grant = query["grant_type"].ToString();
            lock (_gate)
            {
                var spent = grant == "refresh_token" ? _refreshTokens.Remove(query["refresh_token"].ToString())
                    : grant == "authorization_code" && SpendCode(query["code"].ToString(), query["redirect_uri"].ToString());
                if (!spent)
                {
                    _invalidGrants++;
                    return Reply.Json(400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "The grant is spent, revoked or unknown; the customer must authorize again." });
                }

                if (grant == "refresh_token")
                {
                    _refreshes++;
                }
                else
                {
                    _codesExchanged++;
                }

                var access = AccessPrefix + RandomText();
                var refresh = "sbx-rt-" + RandomText();
                _accessTokens[access] = _time.GetUtcNow() + AccessTokenLifetime;
                _refreshTokens.Add(refresh);
                return Reply.Json(200, new JsonObject
                {
                    ["access_token"] = access,
                    ["refresh_token"] = refresh,
                    ["token_type"] = "bearer",
                    ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
                    ["scope"] = Scope,
                    ["api_base_url_for_customer"] = customerBaseUrl.GetLeftPart(UriPartial.Authority),
                });
            }
        }

        /// <summary>
        /// The fake consents at once and redirects (302) to <c>redirect_uri</c> with <c>code</c> and <c>state</c>. An
        /// unknown <c>client_id</c>, or a <c>redirect_uri</c> that is not an http(s) address on loopback, gets a 400 page
        /// and no redirect: the fake never sends a browser off this machine.
        /// </summary>
        internal Reply Authorize(IQueryCollection query)
        {
            if (!string.Equals(query["client_id"].ToString(), ClientId, StringComparison.Ordinal))
            {
                return Page(400, "Unknown client_id. The fake's app is '" + ClientId + "' (secret '" + ClientSecret + "').");
            }

            if (!Uri.TryCreate(query["redirect_uri"].ToString(), UriKind.Absolute, out var redirect) || !redirect.IsLoopback ||
                (redirect.Scheme != Uri.UriSchemeHttp && redirect.Scheme != Uri.UriSchemeHttps) || redirect.Fragment.Length > 0)
            {
                return Page(400, "The redirect_uri must be an absolute http(s) address on loopback, such as http://127.0.0.1:5281/callback.");
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
                    var code = "sbx-code-" + RandomText();
                    _codes.Add(code, redirect.AbsoluteUri);
                    answer = "code=" + Uri.EscapeDataString(code);
                }
            }

            var state = query["state"].ToString();
            return Reply.Redirect(redirect.AbsoluteUri + (redirect.Query.Length > 1 ? "&" : redirect.Query.Length == 1 ? string.Empty : "?") + answer +
                (state.Length > 0 ? "&state=" + Uri.EscapeDataString(state) : string.Empty));
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

        private static Reply Page(int status, string message) =>
            Reply.Html(status, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Fake Gong: authorization</title></head><body><p>" + WebUtility.HtmlEncode(message) + "</p></body></html>");

        private static string RandomText() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
    }
}
