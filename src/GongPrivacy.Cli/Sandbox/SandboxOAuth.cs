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
    /// The sandbox's OAuth: a token endpoint at <c>/oauth2/generate-customer-token</c> that issues single-use refresh
    /// tokens and short-lived access tokens, answers the sandbox's own address as <c>api_base_url_for_customer</c>, and a
    /// second port that stands in for Gong's generic host, where every bearer token is refused.
    /// </summary>
    public sealed class SandboxOAuth
    {
        /// <summary>The sandbox app's client id.</summary>
        public const string ClientId = "sandbox-client";

        /// <summary>The sandbox app's client secret.</summary>
        public const string ClientSecret = "sandbox-client-secret";

        /// <summary>The token endpoint's path.</summary>
        public const string TokenPath = "/oauth2/generate-customer-token";

        private const string AccessPrefix = "sbx-at-";
        private readonly object _gate = new object();
        private readonly HashSet<string> _refreshTokens = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _codes = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _accessTokens = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        /// <summary>How long an access token lives. Default 60 seconds, so that a short run sees a refresh.</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Refresh requests answered with new tokens.</summary>
        public int Refreshes { get; private set; }

        /// <summary>Requests answered <c>invalid_grant</c>.</summary>
        public int InvalidGrants { get; private set; }

        /// <summary>Issues an authorization code, as Gong does when an administrator authorizes the app.</summary>
        /// <returns>The code, good for one exchange.</returns>
        public string IssueCode()
        {
            lock (_gate)
            {
                var code = "sbx-code-" + Random();
                _codes.Add(code);
                return code;
            }
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
                    : grant == "authorization_code" && _codes.Remove(query["code"].ToString());
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
                        scope = "api:data-privacy:read api:data-privacy:delete",
                        api_base_url_for_customer = customerBaseUrl.GetLeftPart(UriPartial.Authority),
                    };
                }
            }

            await Write(context, answer.GetType().GetProperty("error") != null ? 400 : 200, answer).ConfigureAwait(false);
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
        public override string ToString() => "SandboxOAuth(Refreshes=" + Refreshes.ToString(CultureInfo.InvariantCulture) + ", InvalidGrants=" + InvalidGrants.ToString(CultureInfo.InvariantCulture) + ")";
    }
}
