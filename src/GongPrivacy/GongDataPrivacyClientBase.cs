using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Internal;
using GongPrivacy.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// The base class of the generated <see cref="GongDataPrivacyClient"/> (NSwag's <c>clientBaseClass</c>): the one request
    /// path that generated and hand-written operations share. NSwag calls <see cref="CreateHttpClientAsync"/>,
    /// <see cref="PrepareRequestAsync(HttpClient, HttpRequestMessage, StringBuilder, CancellationToken)"/>,
    /// <see cref="PrepareRequestAsync(HttpClient, HttpRequestMessage, string, CancellationToken)"/> and
    /// <see cref="ProcessResponseAsync"/> from every generated operation; the hand-written operations call the same methods.
    /// </summary>
    public abstract class GongDataPrivacyClientBase : IDisposable
    {
        private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new MediaTypeWithQualityHeaderValue("application/json");
        private static readonly Lazy<JsonSerializer> DocumentedSerializer = new Lazy<JsonSerializer>(() => JsonSerializer.Create(GongJson.Settings), isThreadSafe: true);

        /// <summary>Creates the client on a configuration; the generated constructor calls this.</summary>
        /// <param name="configuration">The <see cref="HttpClient"/>, base URL and quota counter to use.</param>
        /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
        protected GongDataPrivacyClientBase(GongClientConfiguration configuration)
        {
            Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration), "The client configuration is null.");
        }

        /// <summary>
        /// Today's count of calls against Gong's daily quota, shared by every client of the same tenant and credential in
        /// its scope; <see langword="null"/> when the counter is off (<c>RateLimit.DailyQuota = 0</c>) or the
        /// <see cref="HttpClient"/> is your own.
        /// </summary>
        public GongDailyQuota? DailyQuota => Configuration.DailyQuota;

        /// <summary>What the client is built on.</summary>
        protected GongClientConfiguration Configuration { get; }

        /// <summary>Disposes the <see cref="HttpClient"/> when the library built it (<see cref="GongDataPrivacyClient.Create"/>,
        /// the credential constructor); an <see cref="HttpClient"/> of yours or of <c>IHttpClientFactory</c> is left alone.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Disposes what the client owns.</summary>
        /// <param name="disposing">Whether this is <see cref="Dispose()"/> rather than a finalizer.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing && Configuration.OwnsHttpClient)
            {
                Configuration.HttpClient.Dispose();
            }
        }

        /// <summary>Gives every operation the configured <see cref="HttpClient"/>; NSwag calls it (<c>useHttpClientCreationMethod</c>).</summary>
        /// <param name="cancellationToken">Not used.</param>
        /// <returns>The client.</returns>
        protected Task<HttpClient> CreateHttpClientAsync(CancellationToken cancellationToken) => Task.FromResult(Configuration.Sender);

        /// <summary>The base URL the generated client holds (its <c>BaseUrl</c>), which the user may set without <c>/v2</c>.</summary>
        private protected virtual string? OperationBaseUrl => null;

        /// <summary>
        /// Before the URL is final: adds <c>/v2</c> when <c>BaseUrl</c> was set without it (such as your tenant's host),
        /// and keeps exactly one <c>/v2</c> when both the base URL and the spec's path carry it (Gong's own document puts
        /// <c>/v2</c> in its paths).
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="request">The request being built.</param>
        /// <param name="urlBuilder">The URL being built.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A completed task.</returns>
        protected Task PrepareRequestAsync(HttpClient client, HttpRequestMessage request, StringBuilder urlBuilder, CancellationToken cancellationToken)
        {
            if (urlBuilder != null)
            {
                var baseUrl = OperationBaseUrl;
                if (!string.IsNullOrEmpty(baseUrl) && baseUrl!.EndsWith("/", StringComparison.Ordinal) && !baseUrl.EndsWith("/v2/", StringComparison.OrdinalIgnoreCase) &&
                    urlBuilder.ToString().StartsWith(baseUrl, StringComparison.Ordinal))
                {
                    urlBuilder.Insert(baseUrl.Length, "v2/");
                }

                var url = urlBuilder.ToString();
                var query = url.IndexOf('?');
                var doubled = url.IndexOf("/v2/v2/", StringComparison.OrdinalIgnoreCase);
                if (doubled >= 0 && (query < 0 || doubled < query))
                {
                    urlBuilder.Remove(doubled, 3);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// Before anything is sent: refuses a request that names a data subject badly (an email address or phone number,
        /// in the query or in a JSON body, checked as <see cref="GongValidation"/> does) and a URL that is not absolute https
        /// (plain http only for loopback). The same check for every operation, generated or hand-written.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="request">The request, its URL set.</param>
        /// <param name="url">The URL.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A task that completes when the request has been checked.</returns>
        /// <exception cref="ArgumentException">A subject parameter is empty or malformed; nothing was sent.</exception>
        /// <exception cref="ArgumentNullException">A subject parameter in a JSON body is null; nothing was sent.</exception>
        protected async Task PrepareRequestAsync(HttpClient client, HttpRequestMessage request, string url, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var target = request.RequestUri;
            if (target != null && !target.IsAbsoluteUri && client?.BaseAddress != null)
            {
                target = new Uri(client.BaseAddress, target);
            }

            if (target == null || !target.IsAbsoluteUri)
            {
                throw new InvalidOperationException("The Gong base URL is not set: give the client an absolute https URL such as https://api.gong.io/v2.");
            }

            GongBaseUrl.CheckScheme(target, "BaseUrl");
            CheckQuery(target.Query);
            Http.GongRequestContext.State(request).CallerToken = cancellationToken;
            if (request.Content != null && IsJson(request.Content))
            {
#if NET5_0_OR_GREATER
                var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
                var body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
                CheckBody(body);
            }
        }

        /// <summary>
        /// After the headers arrive: the one place a status becomes an exception. Any status but 2xx ends the call in
        /// <see cref="GongApiException"/>, with Gong's request id, its errors (masked in the message), the attempt count and
        /// whether the call may have reached Gong. The body of an error is read and dropped.
        /// </summary>
        /// <param name="client">The client.</param>
        /// <param name="response">The response.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A task that completes when a 2xx response may be read.</returns>
        /// <exception cref="GongApiException">The status is not 2xx.</exception>
        protected async Task ProcessResponseAsync(HttpClient client, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response == null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            var status = (int)response.StatusCode;
            if (status >= 200 && status < 300)
            {
                return;
            }

            throw await GongApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The hand-written operations' request: one query parameter, no body for a GET, an empty body for a POST
        /// (Gong's erasures take none), through the same hooks as the generated operations, and the 2xx body read with the
        /// client's JSON settings by one cached serializer.
        /// </summary>
        private protected async Task<T> SendAsync<T>(string baseUrl, HttpMethod method, string path, string queryName, string queryValue, CancellationToken cancellationToken)
            where T : class
        {
            GongInput.Check(queryName, queryValue);
            var client = await CreateHttpClientAsync(cancellationToken).ConfigureAwait(false);
            using (var request = new HttpRequestMessage())
            {
                request.Method = method;
                request.Headers.Accept.Add(AcceptJson);
                if (method == HttpMethod.Post)
                {
                    // Gong's erase calls take no body: send Content-Length: 0, never a JSON null.
                    request.Content = new ByteArrayContent(Array.Empty<byte>());
                }

                var urlBuilder = new StringBuilder(baseUrl ?? string.Empty);
                urlBuilder.Append(path).Append('?').Append(Uri.EscapeDataString(queryName)).Append('=').Append(Uri.EscapeDataString(queryValue));
                await PrepareRequestAsync(client, request, urlBuilder, cancellationToken).ConfigureAwait(false);
                var url = urlBuilder.ToString();
                request.RequestUri = new Uri(url, UriKind.RelativeOrAbsolute);
                await PrepareRequestAsync(client, request, url, cancellationToken).ConfigureAwait(false);

                using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    await ProcessResponseAsync(client, response, cancellationToken).ConfigureAwait(false);
                    return await ReadBodyAsync<T>(response, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Reads a 2xx body through <see cref="GongJsonTextReader"/> (typed dates parse in place) and one cached serializer;
        /// the body is never held as one string. Every failure is a <see cref="GongApiException"/>.
        /// </summary>
        private static async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
            where T : class
        {
            T? body;
            try
            {
#if NET5_0_OR_GREATER
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                using (stream)
                using (var text = new StreamReader(stream))
                using (var json = new GongJsonTextReader(text))
                {
                    body = DocumentedSerializer.Value.Deserialize<T>(json);
                }
            }
            catch (JsonException ex)
            {
                throw GongApiException.Unreadable(response, "Could not read Gong's answer as " + typeof(T).Name + ".", ex);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                // An HttpClient without the client's handlers: the connection broke while the body was read.
                throw GongApiException.Unreadable(response, "Gong's answer ended before its body was complete.", ex);
            }

            return body ?? throw GongApiException.Unreadable(response, "Gong answered with an empty body where a JSON object was expected.", null);
        }

        private static void CheckQuery(string query)
        {
            if (string.IsNullOrEmpty(query))
            {
                return;
            }

            foreach (var pair in query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                if (GongInput.IsSubjectParameter(name))
                {
                    GongInput.Check(name, equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1)));
                }
            }
        }

        private static void CheckBody(string body)
        {
            JObject json;
            try
            {
                json = JObject.Parse(body);
            }
            catch (JsonException)
            {
                return;
            }

            foreach (var property in json.Properties())
            {
                if (!GongInput.IsSubjectParameter(property.Name))
                {
                    continue;
                }

                if (property.Value.Type == JTokenType.Null)
                {
                    throw new ArgumentNullException(property.Name, "The " + (property.Name == "emailAddress" ? "email address" : "phone number") + " is null.");
                }

                GongInput.Check(property.Name, property.Value.Type == JTokenType.String ? (string?)property.Value : property.Value.ToString(Formatting.None));
            }
        }

        private static bool IsJson(HttpContent content)
        {
            var mediaType = content.Headers.ContentType?.MediaType;
            return mediaType != null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}
