using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GongPrivacy.Http
{
    /// <summary>
    /// The one list of the client's handlers, outermost first. <see cref="GongDataPrivacy.CreateClient(GongDataPrivacyOptions, Microsoft.Extensions.Logging.ILoggerFactory?, TimeProvider?)"/> chains it over a
    /// shared transport; <c>AddGongDataPrivacyClient</c> puts it in front of any handler the user adds. Handlers a user
    /// adds therefore run inside these, once per attempt, right before the wire.
    /// <list type="number">
    /// <item><description>telemetry: one span per call, retries included;</description></item>
    /// <item><description>retry (Polly): the rules of <see cref="GongResilienceHandler"/>;</description></item>
    /// <item><description>authentication: the credential's header, per attempt (a refreshed token is picked up); with OAuth, the
    /// customer's host and one resend after a 401 with a refreshed token;</description></item>
    /// <item><description>rate limit and quota: the permit is taken as late as possible, right before sending;</description></item>
    /// <item><description>logging: one line per attempt;</description></item>
    /// <item><description>transport: the attempt timeout (Polly), whether the request may have reached Gong, the guarded body.</description></item>
    /// </list>
    /// The transport never follows a redirect: a 3xx is not Gong's answer, and following it would send the credential and
    /// the subject to whatever host it names (and turn an erasure's POST into a GET of a sign-in page).
    /// </summary>
    internal static class GongHttpPipeline
    {
        public const string LoggerName = "GongPrivacy";

        private static readonly Lazy<HttpMessageHandler> SharedTransport = new Lazy<HttpMessageHandler>(CreateTransport, isThreadSafe: true);

        public static IReadOnlyList<DelegatingHandler> CreateHandlers(GongTenant tenant, ILoggerFactory? loggerFactory)
        {
            var options = tenant.Options;
            var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerName);
            return new DelegatingHandler[]
            {
                new GongActivityHandler(),
                new GongResilienceHandler(options.Retry ?? new GongRetryOptions(), tenant.Time),
                new GongAuthenticationHandler(tenant.Credential, tenant.BaseUrl, logger),
                new GongRateLimitHandler(tenant.Limiter, tenant.Quota),
                new GongLoggingHandler(logger, tenant.Time),
                new GongTransportHandler(options.Timeout, tenant.Time),
            };
        }

        /// <summary>An <see cref="HttpClient"/> for clients built without DI: the handler list over the process's shared transport.</summary>
        public static HttpClient CreateHttpClient(GongTenant tenant, ILoggerFactory? loggerFactory)
        {
            HttpMessageHandler inner = new SharedTransportHandler(SharedTransport.Value);
            var handlers = CreateHandlers(tenant, loggerFactory);
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                handlers[i].InnerHandler = inner;
                inner = handlers[i];
            }

            return new HttpClient(inner, disposeHandler: true)
            {
                // Each attempt has its own timeout (GongDataPrivacyOptions.Timeout); waits between attempts must not be cut short.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        private static HttpMessageHandler CreateTransport()
        {
#if NET
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
#else
            return new HttpClientHandler { AllowAutoRedirect = false };
#endif
        }

        /// <summary>Lets a client be disposed without disposing the transport that every client built without DI shares.</summary>
        private sealed class SharedTransportHandler : DelegatingHandler
        {
            public SharedTransportHandler(HttpMessageHandler shared)
                : base(shared)
            {
            }

            protected override void Dispose(bool disposing)
            {
                // The shared transport lives as long as the process.
            }
        }
    }

    /// <summary>What one client registration resolves once: its options, credential, base URL, and its tenant's shared limiter and quota.</summary>
    internal sealed class GongTenant
    {
        private GongTenant(GongDataPrivacyOptions options, GongCredential credential, string baseUrl, GongSharedLimits limits)
        {
            Options = options;
            Credential = credential;
            BaseUrl = baseUrl;
            Time = limits.Time;
            var key = GongSharedLimits.TenantKey(baseUrl, credential);
            var rate = options.RateLimit ?? new GongRateLimitOptions();
            Limiter = limits.Limiter(key, rate);
            Quota = limits.Quota(key, rate);
        }

        public GongDataPrivacyOptions Options { get; }

        public GongCredential Credential { get; }

        public string BaseUrl { get; }

        public TimeProvider Time { get; }

        public GongRateLimiter? Limiter { get; }

        public GongDailyQuota? Quota { get; }

        public static GongTenant Create(GongDataPrivacyOptions options, GongCredential credential, string normalizedBaseUrl, GongSharedLimits limits) =>
            new GongTenant(options, credential, normalizedBaseUrl, limits);
    }
}
