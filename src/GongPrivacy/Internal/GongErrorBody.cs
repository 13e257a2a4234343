using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Internal
{
    /// <summary>Gong's error body, <c>{"requestId": "…", "errors": ["…"]}</c>, read leniently from whatever came back.</summary>
    internal sealed class GongErrorBody
    {
        private GongErrorBody(string? requestId, List<string> errors)
        {
            RequestId = requestId;
            Errors = errors;
        }

        public string? RequestId { get; }

        public List<string> Errors { get; }

        /// <summary>The body as Gong's error shape, or <see langword="null"/> when it is empty, not JSON, or another shape.</summary>
        public static GongErrorBody? TryRead(string? body)
        {
            if (string.IsNullOrWhiteSpace(body) || !body!.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                var json = JObject.Parse(body);
                var requestId = json["requestId"]?.Type == JTokenType.String ? (string?)json["requestId"] : null;
                var errors = new List<string>();
                if (json["errors"] is JArray array)
                {
                    foreach (var item in array)
                    {
                        if (item.Type == JTokenType.String)
                        {
                            errors.Add((string)item!);
                        }
                    }
                }

                return new GongErrorBody(requestId, errors);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
