using System;
using System.Net.Http;
using GongPrivacy.Http;
using GongPrivacy.Serialization;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>
    /// The client for Gong's Data Privacy API. The operations of the committed spec are generated at build time by
    /// NSwag; this hand-written part adds what the spec lacks. Generated and hand-written operations share one request
    /// path (<see cref="GongDataPrivacyClientBase"/>): the same validation, handlers and typed errors. Instances are
    /// thread-safe; dispose the ones you build with <see cref="Create"/> or the credential constructor.
    /// </summary>
    public partial class GongDataPrivacyClient
    {
        /// <inheritdoc />
        private protected override string? OperationBaseUrl => BaseUrl;

        /// <summary>
        /// Creates a client that authenticates with <paramref name="credential"/> and calls
        /// <paramref name="baseUrl"/> (by default <see cref="GongBaseUrl.Default"/>), with the default retry,
        /// rate-limit and quota behaviour of <see cref="GongDataPrivacyOptions"/>. Dispose it when done.
        /// </summary>
        /// <param name="credential">An access key and secret, or an OAuth token.</param>
        /// <param name="baseUrl">Your tenant's host, such as <c>https://us-12345.api.gong.io</c>; <c>/v2</c> is added when missing.</param>
        /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute https URL (plain http only for loopback).</exception>
        public GongDataPrivacyClient(GongCredential credential, Uri? baseUrl = null)
            : this(Build(new GongDataPrivacyOptions(), credential, baseUrl == null ? GongBaseUrl.Default : GongBaseUrl.Normalize(baseUrl), null, null))
        {
        }

        /// <summary>
        /// Creates a client on an <see cref="HttpClient"/> of your own, which you keep and dispose. The client adds no
        /// handler to it: no retries, rate limit or quota unless your handlers bring them; its default headers and timeout
        /// apply. Failures still end in <see cref="GongApiException"/> (status 0 when no answer came, with
        /// <see cref="GongApiException.MayHaveReachedGong"/>) or <see cref="GongOperationCanceledException"/>. Set
        /// <c>BaseUrl</c> to your tenant's host (default <see cref="GongBaseUrl.Default"/>).
        /// </summary>
        /// <param name="httpClient">The client to send every request with.</param>
        /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
        public GongDataPrivacyClient(HttpClient httpClient)
            : this(new GongClientConfiguration(httpClient))
        {
        }

        /// <summary>
        /// Creates a client with the full production pipeline (retries, rate limit, quota, logging, telemetry)
        /// without dependency injection. Clients created this way share one transport, and the rate limiter and quota of
        /// their tenant on the same clock; dispose each when done. With a host, use <c>services.AddGongDataPrivacyClient(...)</c>.
        /// </summary>
        /// <param name="options">Base URL, credential, timeout, retry and rate-limit settings.</param>
        /// <param name="loggerFactory">Where the one-line-per-request log goes; nowhere when null.</param>
        /// <param name="timeProvider">The clock for waits; <see cref="TimeProvider.System"/> when null.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
        public static GongDataPrivacyClient Create(GongDataPrivacyOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
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

            return new GongDataPrivacyClient(Build(options, options.CreateCredential(timeProvider), GongBaseUrl.Normalize(options.BaseUrl), loggerFactory, timeProvider));
        }

        /// <summary>The JSON settings every read and write uses: the generated ones, made tolerant.</summary>
        internal static JsonSerializerSettings SharedJsonSerializerSettings => GongJson.Settings;

        private static GongClientConfiguration Build(
            GongDataPrivacyOptions options,
            GongCredential credential,
            string normalizedBaseUrl,
            Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory,
            TimeProvider? timeProvider)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential), "A Gong credential is required: use GongCredential.FromAccessKey or GongCredential.FromBearerToken.");
            }

            var tenant = GongTenant.Create(options, credential, normalizedBaseUrl, GongSharedLimits.ForProcess(timeProvider ?? TimeProvider.System));
            return new GongClientConfiguration(GongHttpPipeline.CreateHttpClient(tenant, loggerFactory), normalizedBaseUrl, tenant.Quota, ownsHttpClient: true);
        }

        /// <summary>NSwag's hook at the end of the generated constructor: the base URL comes from the configuration, never from the spec's <c>servers</c>.</summary>
        partial void Initialize()
        {
            BaseUrl = Configuration.BaseUrl;
        }

        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings) => GongJson.Apply(settings);
    }
}
