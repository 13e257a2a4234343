using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace GongPrivacy.Tests
{
    /// <summary>OAuth fixture values; none is real. The leak test looks for each prefix in every emitted text.</summary>
    internal static class OAuthValues
    {
        public const string ClientId = "fixture-oauth-client";
        public const string ClientSecret = "fixture-oauth-secret-do-not-log";
        public const string AccessPrefix = "fixture-at-do-not-log-";
        public const string RefreshPrefix = "fixture-rt-do-not-log-";
        public const string CodePrefix = "fixture-code-do-not-log-";
    }

    /// <summary>
    /// Gong's OAuth on loopback: a token endpoint that issues single-use refresh tokens, a customer host that accepts only
    /// the access tokens it issued, and a generic host that refuses every token (as api.gong.io does).
    /// </summary>
    internal sealed class OAuthLoopback : IDisposable
    {
        private readonly object _gate = new object();
        private readonly HashSet<string> _refreshTokens = new HashSet<string>();
        private readonly HashSet<string> _accessTokens = new HashSet<string>();
        private readonly HashSet<string> _codes = new HashSet<string>();
        private int _next;

        public OAuthLoopback()
        {
            Tokens = Start();
            Customer = Start();
            Generic = Start();
            Tokens.Given(Request.Create().WithPath("/oauth2/generate-customer-token").UsingPost()).RespondWith(Response.Create().WithCallback(Token));
            Customer.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Api));
            Generic.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(401).WithBody("{\"requestId\":\"wrong-host\",\"errors\":[\"token not valid at this host\"]}"));
        }

        public WireMockServer Tokens { get; }

        public WireMockServer Customer { get; }

        public WireMockServer Generic { get; }

        public Uri TokenEndpoint => new Uri(Tokens.Url + "/oauth2/generate-customer-token");

        public string CustomerBaseUrl => NamedCustomerHost ?? Customer.Url!;

        /// <summary>The customer host the token endpoint names instead of its own (a hostile or misconfigured endpoint).</summary>
        public string? NamedCustomerHost { get; set; }

        public int ExpiresIn { get; set; } = 3600;

        /// <summary>Refresh requests answered with new tokens.</summary>
        public int Refreshes { get; private set; }

        /// <summary>Requests answered invalid_grant.</summary>
        public int InvalidGrants { get; private set; }

        /// <summary>Every refresh token the endpoint was sent, in order.</summary>
        public List<string> Spent { get; } = new List<string>();

        /// <summary>Makes the customer host refuse every token, even one issued later.</summary>
        public bool RefuseAll { get; set; }

        /// <summary>Called with each access token the customer host accepts; a test checks the token was stored first.</summary>
        public Action<string>? OnAccepted { get; set; }

        /// <summary>Issues a refresh token and an access token, as after an authorization.</summary>
        public GongOAuthTokens Issue(DateTimeOffset expiresAt)
        {
            lock (_gate)
            {
                var (access, refresh) = NewPair();
                return new GongOAuthTokens(access, refresh, expiresAt, CustomerBaseUrl);
            }
        }

        public string NewCode()
        {
            lock (_gate)
            {
                var code = OAuthValues.CodePrefix + (++_next);
                _codes.Add(code);
                return code;
            }
        }

        /// <summary>Makes the customer host refuse every access token issued so far (as when Gong revokes them).</summary>
        public void RevokeAccessTokens()
        {
            lock (_gate)
            {
                _accessTokens.Clear();
            }
        }

        public GongOAuthClient Client(TimeProvider time, System.Net.Http.HttpClient? http = null) =>
            new GongOAuthClient(OAuthValues.ClientId, OAuthValues.ClientSecret, TokenEndpoint, http, time);

        public void Dispose()
        {
            Tokens.Stop();
            Customer.Stop();
            Generic.Stop();
        }

        private static WireMockServer Start() => WireMockServer.Start(new WireMockServerSettings { Urls = new[] { "http://127.0.0.1:0" }, StartAdminInterface = false });

        private (string Access, string Refresh) NewPair()
        {
            var n = ++_next;
            var access = OAuthValues.AccessPrefix + n;
            _accessTokens.Add(access);
            var refresh = OAuthValues.RefreshPrefix + n;
            _refreshTokens.Add(refresh);
            return (access, refresh);
        }

        private IResponseMessage Token(IRequestMessage request)
        {
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(OAuthValues.ClientId + ":" + OAuthValues.ClientSecret));
            if (!request.Headers!.TryGetValue("Authorization", out var auth) || auth.FirstOrDefault() != basic)
            {
                return Json(401, "{\"error\":\"invalid_client\"}");
            }

            var query = request.Query!;
            var grant = query.TryGetValue("grant_type", out var g) ? g.First() : null;
            lock (_gate)
            {
                if (grant == "refresh_token")
                {
                    var token = query["refresh_token"].First();
                    Spent.Add(token);
                    if (!_refreshTokens.Remove(token))
                    {
                        InvalidGrants++;
                        return Json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + token + " is not valid\"}");
                    }

                    Refreshes++;
                }
                else if (grant == "authorization_code")
                {
                    if (!_codes.Remove(query["code"].First()))
                    {
                        InvalidGrants++;
                        return Json(400, "{\"error\":\"invalid_grant\"}");
                    }
                }
                else
                {
                    return Json(400, "{\"error\":\"unsupported_grant_type\"}");
                }

                var (access, refresh) = NewPair();
                return Json(200, "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh + "\",\"token_type\":\"bearer\",\"expires_in\":" + ExpiresIn +
                    ",\"scope\":\"api:data-privacy:read\",\"api_base_url_for_customer\":\"" + CustomerBaseUrl + "\"}");
            }
        }

        private IResponseMessage Api(IRequestMessage request)
        {
            var header = request.Headers!.TryGetValue("Authorization", out var auth) ? auth.FirstOrDefault() : null;
            var token = header != null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header.Substring(7) : null;
            bool valid;
            lock (_gate)
            {
                valid = token != null && _accessTokens.Contains(token) && !RefuseAll;
            }

            if (!valid)
            {
                return Json(401, "{\"requestId\":\"unauthorized\",\"errors\":[\"invalid token\"]}");
            }

            OnAccepted?.Invoke(token!);
            return Json(200, "{\"requestId\":\"ok\",\"emails\":[]}");
        }

        private static IResponseMessage Json(int status, string body) => new ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new WireMockList<string>("application/json") },
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
    }
}
