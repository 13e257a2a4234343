using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Builds the handlers every production client uses, outermost first: telemetry (one span per call), retry,
    /// rate limit and quota (per attempt), authentication, logging (one line per attempt).
    /// </summary>
    internal static class GongHttpPipeline
    {
        public const string LoggerName = "GongPrivacy";

        public static string TenantKey(string normalizedBaseUrl, GongCredential credential) =>
            new Uri(normalizedBaseUrl).GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + credential.Fingerprint;

        public static GongDailyQuota? Quota(GongDataPrivacyOptions options, string tenantKey, TimeProvider time)
        {
            var rate = options.RateLimit ?? new GongRateLimitOptions();
            return rate.DailyQuota > 0 ? GongDailyQuota.For(tenantKey, rate.DailyQuota, rate.DailyQuotaWarningRatio, time) : null;
        }

        public static IReadOnlyList<DelegatingHandler> CreateHandlers(
            GongDataPrivacyOptions options,
            GongCredential credential,
            string tenantKey,
            GongDailyQuota? quota,
            TimeProvider time,
            ILoggerFactory? loggerFactory)
        {
            return new DelegatingHandler[]
            {
                new GongActivityHandler(),
                Retry(options, time),
                RateLimit(options, tenantKey, quota, time),
                new GongAuthenticationHandler(credential),
                Logging(loggerFactory, time),
            };
        }

        public static DelegatingHandler Retry(GongDataPrivacyOptions options, TimeProvider time) =>
            new GongRetryHandler(options.Retry ?? new GongRetryOptions(), options.Timeout, time);

        public static DelegatingHandler RateLimit(GongDataPrivacyOptions options, string tenantKey, GongDailyQuota? quota, TimeProvider time)
        {
            var rate = options.RateLimit ?? new GongRateLimitOptions();
            return new GongRateLimitHandler(rate.Enabled ? GongRateLimiter.For(tenantKey, rate.PermitsPerSecond, time) : null, quota);
        }

        public static DelegatingHandler Logging(ILoggerFactory? loggerFactory, TimeProvider time) =>
            new GongLoggingHandler((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerName), time);

        public static HttpMessageHandler Chain(IReadOnlyList<DelegatingHandler> handlers, HttpMessageHandler primary)
        {
            HttpMessageHandler inner = primary;
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                handlers[i].InnerHandler = inner;
                inner = handlers[i];
            }

            return inner;
        }
    }
}
