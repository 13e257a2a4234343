using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using WireMock;

namespace GongPrivacy.Tests
{
    /// <summary>What one request put on the wire, with the Authorization value scrubbed, for snapshots.</summary>
    public sealed class WireRecord
    {
        public string Method { get; set; } = "";

        public string Path { get; set; } = "";

        public string? Query { get; set; }

        public string? ContentType { get; set; }

        public string? ContentLength { get; set; }

        public string? Accept { get; set; }

        public string? Authorization { get; set; }

        public JToken? Body { get; set; }

        public static WireRecord Of(IRequestMessage request)
        {
            string? Header(string name) => request.Headers != null && request.Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
            var authorization = Header("Authorization");
            return new WireRecord
            {
                Method = request.Method,
                Path = request.Path,
                Query = string.IsNullOrEmpty(request.RawQuery) ? null : request.RawQuery!.TrimStart('?'),
                ContentType = Header("Content-Type"),
                ContentLength = Header("Content-Length"),
                Accept = Header("Accept"),
                Authorization = authorization == null ? null : authorization.Split(' ')[0] + " <scrubbed>",
                Body = string.IsNullOrEmpty(request.Body) ? null : JToken.Parse(request.Body!),
            };
        }
    }
}
