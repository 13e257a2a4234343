using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Serialization;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>
    /// The client for Gong's Data Privacy API. The four operations of the committed spec are generated at build
    /// time by NSwag; this hand-written part adds what the spec lacks and reuses the generated plumbing
    /// (the <see cref="HttpClient"/>, <c>BaseUrl</c>, JSON settings, request and response hooks, and
    /// <see cref="GongApiException"/>). Instances are thread-safe.
    /// </summary>
    public partial class GongDataPrivacyClient
    {
        /// <summary>
        /// Creates a client that authenticates with <paramref name="credential"/> and calls
        /// <paramref name="baseUrl"/> (by default <see cref="GongBaseUrl.Default"/>), with the default retry,
        /// rate-limit and quota behaviour of <see cref="GongDataPrivacyOptions"/>.
        /// </summary>
        /// <param name="credential">An access key and secret, or an OAuth token.</param>
        /// <param name="baseUrl">Your tenant's host, such as <c>https://us-12345.api.gong.io</c>; <c>/v2</c> is added when missing.</param>
        /// <exception cref="ArgumentNullException"><paramref name="credential"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute https URL (plain http only for loopback).</exception>
        public GongDataPrivacyClient(GongCredential credential, Uri? baseUrl = null)
            : this(Build(new GongDataPrivacyOptions(), credential, baseUrl == null ? GongBaseUrl.Default : GongBaseUrl.Normalize(baseUrl), null, null, out var normalized, out var quota))
        {
            BaseUrl = normalized;
            DailyQuota = quota;
        }

        /// <summary>
        /// Today's count of calls against Gong's daily quota, shared by every client for the same tenant and
        /// credential; <see langword="null"/> for a client built on your own <see cref="HttpClient"/>.
        /// </summary>
        public GongDailyQuota? DailyQuota { get; private set; }

        /// <summary>
        /// Creates a client with the full production pipeline (retries, rate limit, quota, logging, telemetry)
        /// without dependency injection. With a host, use <c>services.AddGongDataPrivacyClient(...)</c> instead.
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

            var http = Build(options, options.CreateCredential(), GongBaseUrl.Normalize(options.BaseUrl), loggerFactory, timeProvider, out var normalized, out var quota);
            return new GongDataPrivacyClient(http) { BaseUrl = normalized, DailyQuota = quota };
        }

        internal void AttachDailyQuota(GongDailyQuota? quota) => DailyQuota = quota;

        private static HttpClient Build(
            GongDataPrivacyOptions options,
            GongCredential credential,
            string normalizedBaseUrl,
            Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory,
            TimeProvider? timeProvider,
            out string normalized,
            out GongDailyQuota? quota)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential), "A Gong credential is required: use GongCredential.FromAccessKey or GongCredential.FromBearerToken.");
            }

            normalized = normalizedBaseUrl;
            var time = timeProvider ?? TimeProvider.System;
            var tenant = Http.GongHttpPipeline.TenantKey(normalizedBaseUrl, credential);
            quota = Http.GongHttpPipeline.Quota(options, tenant, time);
            var handlers = Http.GongHttpPipeline.CreateHandlers(options, credential, tenant, quota, time, loggerFactory);
            return new HttpClient(Http.GongHttpPipeline.Chain(handlers, CreatePrimaryHandler()), disposeHandler: true)
            {
                // Each attempt has its own timeout (GongDataPrivacyOptions.Timeout); waits between attempts must not be cut short.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        private static HttpMessageHandler CreatePrimaryHandler()
        {
#if NET
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
            return new HttpClientHandler();
#endif
        }

        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings)
        {
            settings.ContractResolver = GongContractResolver.Instance;
            settings.DateParseHandling = DateParseHandling.None;
            settings.MissingMemberHandling = MissingMemberHandling.Ignore;
            settings.NullValueHandling = NullValueHandling.Ignore;
        }

        /// <summary>The JSON settings every read and write uses: the generated ones, made tolerant.</summary>
        internal static JsonSerializerSettings SharedJsonSerializerSettings => _settings.Value;

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
        {
            var target = request.RequestUri;
            if (target != null && !target.IsAbsoluteUri && client.BaseAddress != null)
            {
                target = new Uri(client.BaseAddress, target);
            }

            if (target == null || !target.IsAbsoluteUri)
            {
                throw new InvalidOperationException("The Gong base URL is not set: give the client an absolute https URL such as https://api.gong.io/v2.");
            }

            GongBaseUrl.CheckScheme(target, "BaseUrl");
        }

        /// <summary>
        /// Sends one request to a path under <c>BaseUrl</c> with one query parameter and no body, and reads the
        /// answer with the generated JSON settings (see <see cref="ReadDocumentedBodyAsync{T}"/>). Any status but 2xx, and any body that
        /// cannot be read, ends in <see cref="GongApiException"/>.
        /// </summary>
        private async Task<T> SendDocumentedAsync<T>(HttpMethod method, string path, string queryName, string queryValue, CancellationToken cancellationToken)
            where T : class
        {
            var client = _httpClient;
            using (var request = new HttpRequestMessage())
            {
                request.Method = method;
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (method == HttpMethod.Post)
                {
                    // Gong's erase calls take no body: send Content-Length: 0, never a JSON null.
                    request.Content = new ByteArrayContent(Array.Empty<byte>());
                }

                var urlBuilder = new StringBuilder();
                if (!string.IsNullOrEmpty(_baseUrl))
                {
                    urlBuilder.Append(_baseUrl);
                }

                urlBuilder.Append(path).Append('?').Append(Uri.EscapeDataString(queryName)).Append('=').Append(Uri.EscapeDataString(queryValue));
                PrepareRequest(client, request, urlBuilder);
                var url = urlBuilder.ToString();
                request.RequestUri = new Uri(url, UriKind.RelativeOrAbsolute);
                PrepareRequest(client, request, url);

                using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
                    foreach (var item in response.Headers)
                    {
                        headers[item.Key] = item.Value;
                    }

                    if (response.Content != null)
                    {
                        foreach (var item in response.Content.Headers)
                        {
                            headers[item.Key] = item.Value;
                        }
                    }

                    ProcessResponse(client, response);

                    var status = (int)response.StatusCode;
                    if (status >= 200 && status < 300)
                    {
                        return await ReadDocumentedBodyAsync<T>(response, status, headers, cancellationToken).ConfigureAwait(false);
                    }

                    var body = response.Content == null ? null : await ReadAsStringAsync(response.Content, cancellationToken).ConfigureAwait(false);
                    throw new GongApiException(DescribeStatus(status), status, body, headers, null);
                }
            }
        }

        /// <summary>
        /// Reads a 2xx body with the generated JSON settings and maps every failure to <see cref="GongApiException"/>,
        /// as the generated <c>ReadObjectResponseAsync</c> does, but streams through <see cref="GongJsonTextReader"/>
        /// and one cached serializer: typed dates parse in place and no serializer is built per call
        /// (benchmarks/README.md has the numbers). The body is never held as one string.
        /// </summary>
        private static async Task<T> ReadDocumentedBodyAsync<T>(HttpResponseMessage response, int status, IReadOnlyDictionary<string, IEnumerable<string>> headers, CancellationToken cancellationToken)
            where T : class
        {
            T? body;
            try
            {
                using (var stream = await ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false))
                using (var text = new System.IO.StreamReader(stream))
                using (var json = new GongJsonTextReader(text))
                {
                    body = DocumentedSerializer.Value.Deserialize<T>(json);
                }
            }
            catch (JsonException ex)
            {
                throw new GongApiException("Could not read Gong's answer as " + typeof(T).Name + ".", status, null, headers, ex);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is HttpRequestException)
            {
                // The connection broke while the body was read: the same typed failure as truncated JSON.
                throw new GongApiException("Gong's answer ended before its body was complete.", status, null, headers, ex);
            }

            return body ?? throw new GongApiException("Gong answered with an empty body where a JSON object was expected.", status, null, headers, null);
        }

        private static readonly Lazy<JsonSerializer> DocumentedSerializer = new Lazy<JsonSerializer>(() => JsonSerializer.Create(SharedJsonSerializerSettings), isThreadSafe: true);

        private static string DescribeStatus(int status)
        {
            switch (status)
            {
                case 400:
                    return "Gong refused the request as malformed.";
                case 401:
                    return "Gong denied access: check the access key and secret or the OAuth token, its scope (api:data-privacy:read or api:data-privacy:delete), and that the base URL is your tenant's host.";
                case 403:
                    return "Gong denied access to this operation: check the credential's scope.";
                case 404:
                    return "Gong does not know this path: check the base URL.";
                case 429:
                    return "Gong's rate limit was exceeded.";
                default:
                    return status >= 500 ? "Gong failed to complete the operation." : "Gong answered with an unexpected status.";
            }
        }
    }
}
