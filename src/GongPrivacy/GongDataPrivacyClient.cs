using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;
using GongPrivacy.Internal;
using GongPrivacy.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// The client NSwag generates from Gong's document, completed through the hooks NSwag offers: the constructor it chains
    /// to, <c>UpdateJsonSerializerSettings</c>, <c>PrepareRequestAsync</c> (twice) and <c>ProcessResponseAsync</c>. It is
    /// internal: callers use <see cref="IGongDataPrivacyClient"/>, created by <see cref="GongDataPrivacy"/> or dependency
    /// injection, so none of NSwag's plumbing is public.
    /// </summary>
    internal partial class GongDataPrivacyClient : IDisposable
    {
        private readonly GongClientSetup _setup;

        /// <summary>Creates the client on what <see cref="GongDataPrivacy"/> or dependency injection set up.</summary>
        internal GongDataPrivacyClient(GongClientSetup setup)
            : this(setup.Sender)
        {
            _setup = setup;
            BaseUrl = setup.BaseUrl;
        }

        /// <inheritdoc />
        public GongDailyQuota? DailyQuota => _setup.Quota;

        /// <summary>Disposes the <see cref="HttpClient"/> when the library built it; one of yours or of <c>IHttpClientFactory</c> is left alone.</summary>
        public void Dispose()
        {
            if (_setup.OwnsHttpClient)
            {
                _setup.Sender.Dispose();
            }
        }

        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings) => GongJson.Apply(settings);

        /// <summary>
        /// NSwag's hook before the URL is final. The base URL ends in <c>/v2/</c>; Gong's document puts <c>/v2</c> in its
        /// paths too, so the doubled segment is collapsed to one.
        /// </summary>
        private Task PrepareRequestAsync(HttpClient client, HttpRequestMessage request, StringBuilder urlBuilder, CancellationToken cancellationToken)
        {
            var url = urlBuilder.ToString();
            var query = url.IndexOf('?');
            var doubled = url.IndexOf("/v2/v2/", StringComparison.OrdinalIgnoreCase);
            if (doubled >= 0 && (query < 0 || doubled < query))
            {
                urlBuilder.Remove(doubled, 3);
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// NSwag's hook before anything is sent: refuses a subject named badly (an email address or phone number in the query
        /// or a JSON body) and a URL that is not https (plain http only for loopback), sends no body where the operation has
        /// none (Gong's erasures), and puts the call's record on the request for the handlers.
        /// </summary>
        private async Task PrepareRequestAsync(HttpClient client, HttpRequestMessage request, string url, CancellationToken cancellationToken)
        {
            var target = request.RequestUri!;
            GongBaseUrl.CheckScheme(target, "BaseUrl");
            CheckQuery(target.Query);
            if (request.Content != null)
            {
#if NET5_0_OR_GREATER
                var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
                var body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
                if (body.Length == 0)
                {
                    // NSwag gives a bodiless POST an empty JSON content; Gong's erasures take no body at all.
                    request.Content.Dispose();
                    request.Content = new ByteArrayContent(Array.Empty<byte>());
                }
                else if (request.Content.Headers.ContentType?.MediaType?.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    CheckBody(body);
                }
            }

            var state = GongRequestContext.State(request);
            state.CallerToken = cancellationToken;
            state.Observer = GongCallScope.Combine(_setup.Observer, GongCallScope.Current);
        }

        /// <summary>
        /// NSwag's hook when the headers arrive: any answer but Gong's 2xx (another status, a redirect, a page that is not JSON)
        /// ends the call in <see cref="GongApiException"/>, built in one place, as the classifier decided it.
        /// </summary>
        private async Task ProcessResponseAsync(HttpClient client, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var attempt = GongRequestContext.Find(response.RequestMessage)?.LastAttempt;
            var verdict = attempt?.Outcome is GongOutcome outcome && attempt.Cause is GongCause cause
                ? new GongVerdict(outcome, cause)
                : GongClassifier.Classify((int)response.StatusCode, response.Content?.Headers.ContentType, redirected: false);
            if (verdict.Outcome != GongOutcome.Success)
            {
                throw await GongExceptions.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
            }
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
    }

    /// <summary>What a <see cref="GongDataPrivacyClient"/> is built on.</summary>
    internal sealed class GongClientSetup
    {
        public GongClientSetup(HttpClient sender, string normalizedBaseUrl, bool ownsHttpClient, GongDailyQuota? quota, IGongAttemptObserver? observer)
        {
            Sender = sender;
            BaseUrl = normalizedBaseUrl;
            OwnsHttpClient = ownsHttpClient;
            Quota = quota;
            Observer = observer;
        }

        /// <summary>What operations send with: the library's pipeline, or one that sends through a client of the user's own.</summary>
        public HttpClient Sender { get; }

        /// <summary>The base URL, ending in <c>/v2/</c>.</summary>
        public string BaseUrl { get; }

        /// <summary>Whether disposing the client disposes <see cref="Sender"/>.</summary>
        public bool OwnsHttpClient { get; }

        public GongDailyQuota? Quota { get; }

        public IGongAttemptObserver? Observer { get; }
    }
}
