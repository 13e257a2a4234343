using System;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// Settings for a client registered with <c>AddGongDataPrivacyClient</c>. Bind them from code or from a
    /// configuration section (by default <c>Gong</c>). <see cref="ToString"/> never shows a secret.
    /// </summary>
    public sealed class GongDataPrivacyOptions
    {
        /// <summary>The default configuration section name.</summary>
        public const string SectionName = "Gong";

        /// <summary>Gong's base URL or your tenant's host; <c>/v2</c> is added when missing. Default <c>https://api.gong.io</c>.</summary>
        public string BaseUrl { get; set; } = GongLimits.DefaultHost;

        /// <summary>The access key, for HTTP Basic authentication with <see cref="AccessKeySecret"/>.</summary>
        public string? AccessKey { get; set; }

        /// <summary>The access key secret. Keep it in a secret store or environment variable, not in <c>appsettings.json</c>.</summary>
        public string? AccessKeySecret { get; set; }

        /// <summary>An OAuth access token, sent as <c>Authorization: Bearer</c>. Give either this, <see cref="TokenProvider"/> or an access key.</summary>
        public string? BearerToken { get; set; }

        /// <summary>A callback that returns a current OAuth token before each request, for tokens that are refreshed.</summary>
        public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

        /// <summary>
        /// A credential built in code, such as <see cref="GongCredential.FromOAuth"/>. Give either this or one of the other
        /// credential settings.
        /// </summary>
        public GongCredential? Credential { get; set; }

        /// <summary>
        /// The OAuth app's client id, for an OAuth credential built from settings with <see cref="OAuthClientSecret"/> and
        /// <see cref="OAuthTokenStore"/>. With OAuth, calls go to the customer's own host (<c>api_base_url_for_customer</c>)
        /// unless <see cref="BaseUrl"/> is set to a host other than <c>https://api.gong.io</c>, the default, which Gong
        /// refuses OAuth tokens at.
        /// </summary>
        public string? OAuthClientId { get; set; }

        /// <summary>The OAuth app's client secret. Keep it in a secret store or environment variable, not in <c>appsettings.json</c>.</summary>
        public string? OAuthClientSecret { get; set; }

        /// <summary>Where the customer's OAuth tokens live; set it in code (a database, Redis, <see cref="GongFileTokenStore"/>).</summary>
        public IGongTokenStore? OAuthTokenStore { get; set; }

        /// <summary>The OAuth token endpoint; default Gong's (<see cref="GongOAuthClient.DefaultTokenEndpoint"/>). The sandbox gives its own.</summary>
        public string? OAuthTokenEndpoint { get; set; }

        /// <summary>How long one attempt may take before it is abandoned (and retried). Default 100 seconds.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>Retry settings.</summary>
        public GongRetryOptions Retry { get; set; } = new GongRetryOptions();

        /// <summary>Client-side rate limit and daily quota settings.</summary>
        public GongRateLimitOptions RateLimit { get; set; } = new GongRateLimitOptions();

        /// <summary>
        /// Who hears of every attempt of every call, before it is sent and with its outcome (see <see cref="IGongAttemptObserver"/>).
        /// Set in code; with dependency injection, an <see cref="IGongAttemptObserver"/> registered in the service collection is
        /// used when this is not set.
        /// </summary>
        public IGongAttemptObserver? AttemptObserver { get; set; }

        internal GongCredential CreateCredential() => CreateCredential(null);

        internal GongCredential CreateCredential(TimeProvider? timeProvider)
        {
            var error = GongDataPrivacyOptionsValidator.CredentialError(this);
            if (error != null)
            {
                throw new InvalidOperationException(error);
            }

            if (Credential != null)
            {
                return Credential;
            }

            if (OAuthClientId != null)
            {
                var endpoint = string.IsNullOrWhiteSpace(OAuthTokenEndpoint) ? null : new Uri(OAuthTokenEndpoint!.Trim(), UriKind.Absolute);
                return GongCredential.FromOAuth(new GongOAuthClient(OAuthClientId, OAuthClientSecret!, endpoint, timeProvider: timeProvider), OAuthTokenStore!);
            }

            if (TokenProvider != null)
            {
                return GongCredential.FromTokenProvider(TokenProvider);
            }

            return !string.IsNullOrWhiteSpace(BearerToken)
                ? GongCredential.FromBearerToken(BearerToken!)
                : GongCredential.FromAccessKey(AccessKey!, AccessKeySecret!);
        }

        /// <summary>Describes the options without any secret.</summary>
        /// <returns>The base URL, the kind of credential and the limits.</returns>
        public override string ToString()
        {
            var kind = Credential != null ? Credential.Kind : OAuthClientId != null ? "OAuth" : TokenProvider != null ? "token provider" : !string.IsNullOrWhiteSpace(BearerToken) ? "bearer token" : !string.IsNullOrWhiteSpace(AccessKey) ? "access key" : "none";
            return "GongDataPrivacyOptions(BaseUrl=" + BaseUrl + ", Credential=" + kind + ", Timeout=" + Timeout + ", " + Retry + ", " + RateLimit + ")";
        }
    }

    /// <summary>
    /// When the client retries. Every operation is retried, erasures too: Gong's erase is idempotent, so a
    /// repeated erase request erases nothing more.
    /// </summary>
    public sealed class GongRetryOptions
    {
        /// <summary>Whether to retry at all. Default <see langword="true"/>.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Retries after a transient failure: 5xx, 408, a timed-out attempt or a connection failure. Default 3.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>Retries after a 429. Default 6.</summary>
        public int MaxRateLimitRetries { get; set; } = 6;

        /// <summary>The first backoff delay after a transient failure; it doubles each time, with ±25% jitter. Default 1 second.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest backoff delay after a transient failure. Default 30 seconds.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The longest wait the client honours from a <c>Retry-After</c> header. Default 60 seconds.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Whether an erasure whose request may have reached Gong without a clear refusal (no answer, a timed-out attempt,
        /// or a 500, 502 or 504) is sent again. Default <see langword="false"/>: such an erasure may have been accepted,
        /// so the client throws <see cref="GongApiException"/> with <see cref="GongApiException.MayHaveReachedGong"/> set and
        /// leaves the decision to the caller. An erasure refused with 429 or 503, or that never left the process, is always
        /// retried. Gong's erase is idempotent, so turning this on erases nothing more; it only makes one call's outcome
        /// harder to audit. Lookups are always retried.
        /// </summary>
        public bool ResendErasuresInDoubt { get; set; }

        /// <summary>Describes the settings.</summary>
        /// <returns>The settings as text.</returns>
        public override string ToString() => "Retry(Enabled=" + Enabled + ", MaxRetries=" + MaxRetries + ", MaxRateLimitRetries=" + MaxRateLimitRetries + ", BaseDelay=" + BaseDelay + ", MaxDelay=" + MaxDelay + ", MaxRetryAfter=" + MaxRetryAfter + ", ResendErasuresInDoubt=" + ResendErasuresInDoubt + ")";
    }

    /// <summary>The client-side rate limit and the daily quota counter.</summary>
    public sealed class GongRateLimitOptions
    {
        /// <summary>Whether to limit the rate on the client. Default <see langword="true"/>.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// How many calls may go on the wire in any one second. Default 3, Gong's limit per company. The limit is shared by
        /// every client of the same tenant host and credential in its scope: the DI container, or the process for clients
        /// built with <see cref="GongDataPrivacy.CreateClient(GongDataPrivacyOptions, Microsoft.Extensions.Logging.ILoggerFactory?, TimeProvider?)"/>.
        /// </summary>
        public int PermitsPerSecond { get; set; } = GongLimits.CallsPerWindow;

        /// <summary>
        /// Added to the one-second window, so that calls that arrive at Gong a little later or earlier than they left still
        /// fit Gong's window: a new connection or a slow first request can make an earlier call arrive late. Default 25 ms,
        /// which costs 2.5% of throughput. It is the least margin: when Gong answers 429 to a call that kept the pace, the
        /// network's jitter bunched the calls on arrival, and the client widens the margin to the spread of the recent
        /// round trips (at least doubling it, at most one second), then narrows it back by 0.5% of the difference per answer.
        /// </summary>
        public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(25);

        /// <summary>
        /// Gong's daily quota of calls per company. Default 10,000. 0 turns the counter off, and
        /// <see cref="IGongDataPrivacyClient.DailyQuota"/> is then <see langword="null"/>.
        /// </summary>
        public int DailyQuota { get; set; } = GongLimits.DailyQuota;

        /// <summary>The share of <see cref="DailyQuota"/> after which the client warns. Default 0.9.</summary>
        public double DailyQuotaWarningRatio { get; set; } = 0.9;

        /// <summary>Describes the settings.</summary>
        /// <returns>The settings as text.</returns>
        public override string ToString() => "RateLimit(Enabled=" + Enabled + ", PermitsPerSecond=" + PermitsPerSecond + ", SafetyMargin=" + SafetyMargin + ", DailyQuota=" + DailyQuota + ", DailyQuotaWarningRatio=" + DailyQuotaWarningRatio + ")";
    }
}
