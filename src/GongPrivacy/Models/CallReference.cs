using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>A call that references the subject.</summary>
    public class CallReference
    {
        /// <summary>Gong's numeric id of the call, up to 20 digits: too large for <see cref="long"/>, so kept as text.</summary>
        [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        /// <summary>The call's status, such as <c>COMPLETED</c>. Open-ended: Gong may add values.</summary>
        [JsonProperty("status", NullValueHandling = NullValueHandling.Ignore)]
        public string? Status { get; set; }

        /// <summary>Links from the call to external systems such as a CRM or a telephony system.</summary>
        [JsonProperty("externalSystems")]
        public IList<ExternalSystem> ExternalSystems { get; set; } = new List<ExternalSystem>();

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
