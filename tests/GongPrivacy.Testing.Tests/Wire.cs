using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>One answer of the fake as it came off the wire: status, headers and body.</summary>
    internal sealed record WireAnswer(int Status, string? ContentType, string? TraceId, string? RetryAfter, string Body)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

        public string? RequestId => (string?)Json["requestId"];
    }

    /// <summary>Raw HTTP to the fake (not the GongPrivacy client), so a test sees exactly what the fake sends.</summary>
    internal static class Wire
    {
        public const string Email = "ada@example.com";
        public const string Phone = "+1 425 555 2671";

        public static readonly AuthenticationHeaderValue Basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("key:secret")));

        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        public static Task<WireAnswer> LookupAsync(Uri baseUrl, string subject, AuthenticationHeaderValue? auth = null) =>
            SendAsync(HttpMethod.Get, baseUrl, (subject.Contains('@') ? "data-privacy/data-for-email-address?emailAddress=" : "data-privacy/data-for-phone-number?phoneNumber=") + Uri.EscapeDataString(subject), auth ?? Basic);

        public static Task<WireAnswer> EraseAsync(Uri baseUrl, string subject, AuthenticationHeaderValue? auth = null) =>
            SendAsync(HttpMethod.Post, baseUrl, (subject.Contains('@') ? "data-privacy/erase-data-for-email-address?emailAddress=" : "data-privacy/erase-data-for-phone-number?phoneNumber=") + Uri.EscapeDataString(subject), auth ?? Basic);

        public static async Task<WireAnswer> SendAsync(HttpMethod method, Uri baseUrl, string relative, AuthenticationHeaderValue? auth)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, relative));
            request.Headers.Authorization = auth;
            using var response = await Http.SendAsync(request);
            return new WireAnswer(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString(),
                response.Headers.TryGetValues("x-traceid", out var trace) ? trace.Single() : null,
                response.Headers.TryGetValues("Retry-After", out var retry) ? retry.Single() : null,
                await response.Content.ReadAsStringAsync());
        }
    }
}
