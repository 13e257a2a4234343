using System;
using System.Net.Http;

namespace GongPrivacy
{
    /// <summary>
    /// What a <see cref="GongDataPrivacyClient"/> is built on: the <see cref="System.Net.Http.HttpClient"/> whose handlers
    /// carry every call (retries, rate limit, quota, authentication, logging), the base URL, and the daily quota counter.
    /// NSwag passes it to <see cref="GongDataPrivacyClientBase"/>, the hand-written base class of the generated client,
    /// so generated and hand-written operations share one request path.
    /// </summary>
    /// <remarks>
    /// You rarely build one yourself: use <see cref="GongDataPrivacyClient.Create"/>, <c>AddGongDataPrivacyClient</c>,
    /// or <c>new GongDataPrivacyClient(httpClient)</c> for an <see cref="System.Net.Http.HttpClient"/> of your own.
    /// </remarks>
    public sealed class GongClientConfiguration
    {
        /// <summary>A configuration for an <see cref="System.Net.Http.HttpClient"/> of your own, which you keep and dispose.</summary>
        /// <param name="httpClient">
        /// The client to send every request with. Its handlers, default headers and timeout are yours: the client adds no
        /// retry, rate limit or authentication. A call that gets no answer still ends in <see cref="GongApiException"/>.
        /// </param>
        /// <param name="baseUrl">Gong's base URL or your tenant's host; <c>/v2</c> is added when missing. Default <see cref="GongBaseUrl.Default"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute https URL (plain http only for loopback).</exception>
        public GongClientConfiguration(HttpClient httpClient, string? baseUrl = null)
            : this(httpClient, baseUrl == null ? GongBaseUrl.Default : GongBaseUrl.Normalize(baseUrl), dailyQuota: null, ownsHttpClient: false)
        {
            // Your client's handlers, headers and timeout apply; its failures still end in GongApiException.
            Sender = new HttpClient(new Http.GongOwnHttpClientHandler(httpClient)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        internal GongClientConfiguration(HttpClient httpClient, string normalizedBaseUrl, GongDailyQuota? dailyQuota, bool ownsHttpClient)
        {
            HttpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient), "The HttpClient is null.");
            BaseUrl = normalizedBaseUrl;
            DailyQuota = dailyQuota;
            OwnsHttpClient = ownsHttpClient;
            Sender = httpClient;
        }

        /// <summary>The client every request goes through.</summary>
        public HttpClient HttpClient { get; }

        /// <summary>The base URL the client starts with, ending in <c>/v2/</c>.</summary>
        public string BaseUrl { get; }

        /// <summary>Today's count of calls against Gong's daily quota; <see langword="null"/> when the counter is off or the <see cref="System.Net.Http.HttpClient"/> is your own.</summary>
        public GongDailyQuota? DailyQuota { get; }

        /// <summary>
        /// What operations send with: <see cref="HttpClient"/> when it carries the library's handlers; for an
        /// <see cref="System.Net.Http.HttpClient"/> of your own, one that sends through it and maps its failures.
        /// </summary>
        internal HttpClient Sender { get; }

        /// <summary>Whether disposing the client disposes <see cref="HttpClient"/>: only for clients the library built.</summary>
        internal bool OwnsHttpClient { get; }

        /// <summary>Describes the configuration; it holds no secret.</summary>
        /// <returns>The base URL and the quota.</returns>
        public override string ToString() => "GongClientConfiguration(BaseUrl=" + BaseUrl + ", " + (DailyQuota?.ToString() ?? "no daily quota counter") + ")";
    }
}
