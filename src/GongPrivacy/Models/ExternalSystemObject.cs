using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>An object in an external system that a call links to.</summary>
    public class ExternalSystemObject
    {
        /// <summary>The object's type: documented values are <c>Conversation</c> and <c>Task</c>; others may come.</summary>
        [JsonProperty("objectType", NullValueHandling = NullValueHandling.Ignore)]
        public string? ObjectType { get; set; }

        /// <summary>The object's id in the external system.</summary>
        [JsonProperty("externalId", NullValueHandling = NullValueHandling.Ignore)]
        public string? ExternalId { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
