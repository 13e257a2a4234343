using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>A meeting that references the subject.</summary>
    public class Meeting
    {
        /// <summary>Gong's id of the meeting, a long composite string.</summary>
        [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
