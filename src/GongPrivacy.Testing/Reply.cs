using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace GongPrivacy.Testing
{
    /// <summary>An answer the fake decided on, written only after the request is logged.</summary>
    internal sealed class Reply
    {
        private Reply(int status, string contentType, string body)
        {
            Status = status;
            ContentType = contentType;
            Body = body;
        }

        public int Status { get; }

        public string ContentType { get; }

        public string Body { get; }

        public string? Location { get; private init; }

        public TimeSpan? RetryAfter { get; private init; }

        /// <summary>Whether the answer carries Gong's request id (the load balancer's 503 does not).</summary>
        public bool FromGong { get; private init; } = true;

        /// <summary>JSON as Gong sends it (<c>application/json;charset=UTF-8</c>).</summary>
        public static Reply Json(int status, JsonNode body) => new Reply(status, "application/json;charset=UTF-8", body.ToJsonString());

        /// <summary>Gong's error body: <c>{"requestId": "...", "errors": ["..."]}</c>.</summary>
        public static Reply Error(int status, string requestId, string message, TimeSpan? retryAfter = null) =>
            new Reply(status, "application/json;charset=UTF-8", new JsonObject { ["requestId"] = requestId, ["errors"] = new JsonArray(message) }.ToJsonString()) { RetryAfter = retryAfter };

        /// <summary>A copy of <paramref name="answer"/> with the request id first, as Gong writes it.</summary>
        public static Reply Data(JsonObject answer, string requestId)
        {
            var copy = new JsonObject { ["requestId"] = requestId };
            foreach (var pair in answer.Where(p => p.Key != "requestId").ToList())
            {
                copy[pair.Key] = pair.Value?.DeepClone();
            }

            return Json(200, copy);
        }

        public static Reply Html(int status, string page) => new Reply(status, "text/html;charset=UTF-8", page);

        public static Reply Redirect(string location, int status = 302, bool fromGong = true) => new Reply(status, "text/plain", string.Empty) { Location = location, FromGong = fromGong };

        /// <summary>What a proxy or gateway answers instead of Gong: no request id.</summary>
        public static Reply NotGongs(string contentType, string body) => new Reply(200, contentType, body) { FromGong = false };

        /// <summary>What the load balancer in front of Gong answers when Gong is away: HTML, no request id.</summary>
        public static Reply ServiceUnavailable() => new Reply(503, "text/html", "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>") { FromGong = false };

        public async Task WriteAsync(HttpContext context)
        {
            var response = context.Response;
            if (!FromGong)
            {
                response.Headers.Remove("x-traceid");
            }

            response.StatusCode = Status;
            if (Location != null)
            {
                response.Headers.Location = Location;
                response.Headers.CacheControl = "no-store";
                return;
            }

            if (RetryAfter is TimeSpan wait)
            {
                // Whole seconds, rounded up: a client that waits this long finds the window open.
                response.Headers["Retry-After"] = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            response.ContentType = ContentType;
            var bytes = System.Text.Encoding.UTF8.GetBytes(Body);
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
    }
}
