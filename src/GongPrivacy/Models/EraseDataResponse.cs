using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// Gong's answer to an erase request: only its request id. Gong has accepted the request; the erasure itself
    /// runs later and may take hours. No endpoint reports its progress: look the subject up again to verify.
    /// </summary>
    public class EraseDataResponse
    {
        /// <summary>Gong's id for the erase request. Keep it as proof of the request, and for Gong support.</summary>
        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)]
        public string? RequestId { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
