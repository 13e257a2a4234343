using System;
using System.Net.Http;
using GongPrivacy.Http;
using Microsoft.Extensions.Logging;

namespace GongPrivacy
{
    /// <summary>
    /// Creates clients for Gong's Data Privacy API without dependency injection. With a host, use
    /// <c>services.AddGongDataPrivacyClient(…)</c> instead.
    /// </summary>
    public static class GongDataPrivacy
    {
        /// <summary>
        /// Creates a client that authenticates with <paramref name="credential"/> and calls <paramref name="baseUrl"/>, with the
        /// default retry, rate-limit and quota behaviour of <see cref="GongDataPrivacyOptions"/>. Dispose it when done.
        /// </summary>
        /// <param name="credential">An access key and secret, an OAuth token, or a token provider (<see cref="GongCredential"/>).</param>
        /// <param name="baseUrl">Your tenant's host, such as <c>https://us-12345.api.gong.io</c>; <c>/v2</c> is added when missing. Default <c>https://api.gong.io</c>.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute https URL (plain http only for loopback).</exception>
        public static IGongDataPrivacyClient CreateClient(GongCredential credential, Uri? baseUrl = null)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential), "A Gong credential is required: use GongCredential.FromAccessKey, FromBearerToken, FromTokenProvider or FromOAuth.");
            }

            return Build(new GongDataPrivacyOptions(), credential, baseUrl == null ? GongBaseUrl.Default : GongBaseUrl.Normalize(baseUrl), null, null);
        }

        /// <summary>
        /// Creates a client with the full pipeline (retries, rate limit, quota, logging, telemetry, attempt observer) from
        /// options. Clients created this way share one connection pool, and the rate limiter and quota of their tenant on the
        /// same clock. Dispose each when done.
        /// </summary>
        /// <param name="options">Base URL, credential, timeout, retry, rate-limit settings and the attempt observer.</param>
        /// <param name="loggerFactory">Where the one-line-per-attempt log goes; nowhere when null.</param>
        /// <param name="timeProvider">The clock for waits; <see cref="TimeProvider.System"/> when null.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
        public static IGongDataPrivacyClient CreateClient(GongDataPrivacyOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options), "The Gong options are missing.");
            }

            var validation = new GongDataPrivacyOptionsValidator().Validate(null, options);
            if (validation.Failed)
            {
                throw new ArgumentException(validation.FailureMessage, nameof(options));
            }

            return Build(options, options.CreateCredential(timeProvider), GongBaseUrl.Normalize(options.BaseUrl), loggerFactory, timeProvider);
        }

        /// <summary>
        /// Creates a client on an <see cref="HttpClient"/> of your own, which you keep and dispose. The client adds no handler
        /// to it: no retries, rate limit, quota or credential unless your handlers bring them; its default headers and timeout
        /// apply. Failures still end in <see cref="GongApiException"/> (status 0 when no answer came) or
        /// <see cref="GongOperationCanceledException"/>, and <paramref name="observer"/> still hears of every attempt.
        /// </summary>
        /// <param name="httpClient">The client to send every request with.</param>
        /// <param name="baseUrl">Your tenant's host; <c>/v2</c> is added when missing. Default <c>https://api.gong.io</c>.</param>
        /// <param name="observer">Who hears of each attempt, if anyone.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute https URL (plain http only for loopback).</exception>
        public static IGongDataPrivacyClient CreateClient(HttpClient httpClient, Uri? baseUrl = null, IGongAttemptObserver? observer = null)
        {
            if (httpClient == null)
            {
                throw new ArgumentNullException(nameof(httpClient), "The HttpClient is null.");
            }

            var sender = new HttpClient(new GongOwnHttpClientHandler(httpClient, TimeProvider.System)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            var normalized = baseUrl == null ? GongBaseUrl.Default : GongBaseUrl.Normalize(baseUrl);
            return new GongAnswerCheckedClient(new GongClientSetup(sender, normalized, ownsHttpClient: true, quota: null, observer));
        }

        private static IGongDataPrivacyClient Build(GongDataPrivacyOptions options, GongCredential credential, string normalizedBaseUrl, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        {
            var tenant = GongTenant.Create(options, credential, normalizedBaseUrl, GongSharedLimits.ForProcess(timeProvider ?? TimeProvider.System));
            return new GongAnswerCheckedClient(new GongClientSetup(GongHttpPipeline.CreateHttpClient(tenant, loggerFactory), normalizedBaseUrl, ownsHttpClient: true, tenant.Quota, options.AttemptObserver));
        }
    }
}
