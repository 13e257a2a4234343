using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>Records of one external system (such as a CRM) that Gong stores and that reference the subject.</summary>
    public class CustomerData
    {
        /// <summary>The system's name: documented values are <c>Salesforce</c>, <c>HubSpot</c>, <c>MicrosoftDynamic</c> and <c>Generic</c>; others may come.</summary>
        [JsonProperty("system", NullValueHandling = NullValueHandling.Ignore)]
        public string? System { get; set; }

        /// <summary>The records.</summary>
        [JsonProperty("objects")]
        public IList<CustomerDataObject> Objects { get; set; } = new List<CustomerDataObject>();

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
