using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Refit;

namespace GongPrivacy.Benchmarks
{
    /// <summary>Serves the same canned bytes for every request: no network, no copy of the payload per call.</summary>
    public sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");
        private readonly byte[] _body;

        public CannedHandler(byte[] body) => _body = body;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(_body);
            content.Headers.ContentType = Json;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>The peer: a Refit interface for the same endpoint.</summary>
    public interface IGongRefit
    {
        [Get("/data-privacy/data-for-email-address")]
        Task<EmailAddressReferences> GetDataForEmailAddressAsync([AliasAs("emailAddress")] string emailAddress);
    }

    /// <summary>
    /// Refit's Newtonsoft serializer, as Refit.Newtonsoft.Json 16.4.0 implements it (stream, StreamReader,
    /// JsonTextReader, JsonSerializer.Create per call). That package is not served by this machine's mirror, so
    /// its reading path is reproduced here.
    /// </summary>
    public sealed class RefitNewtonsoftSerializer : IHttpContentSerializer
    {
        private readonly JsonSerializerSettings _settings;

        public RefitNewtonsoftSerializer(JsonSerializerSettings settings) => _settings = settings;

        public HttpContent ToHttpContent<T>(T item) => new StringContent(JsonConvert.SerializeObject(item, _settings), System.Text.Encoding.UTF8, "application/json");

        public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
        {
            if (content == null)
            {
                return default;
            }

            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            using var jsonTextReader = new JsonTextReader(reader);
            var serializer = JsonSerializer.Create(_settings);
            return serializer.Deserialize<T>(jsonTextReader);
        }

        public string? GetFieldNameForProperty(PropertyInfo propertyInfo) => propertyInfo.GetCustomAttribute<JsonPropertyAttribute>(true)?.PropertyName;
    }
}
