using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>An external system that a call links to, and the objects in it.</summary>
    public class ExternalSystem
    {
        /// <summary>The system's name: documented values are <c>Salesforce</c>, <c>HubSpot</c>, <c>MicrosoftDynamic</c> and <c>Generic</c>; others may come.</summary>
        [JsonProperty("system", NullValueHandling = NullValueHandling.Ignore)]
        public string? System { get; set; }

        /// <summary>The objects in that system.</summary>
        [JsonProperty("objects")]
        public IList<ExternalSystemObject> Objects { get; set; } = new List<ExternalSystemObject>();

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
