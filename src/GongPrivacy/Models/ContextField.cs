using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>One field of an external record.</summary>
    public class ContextField
    {
        /// <summary>The field's name.</summary>
        [JsonProperty("name", NullValueHandling = NullValueHandling.Ignore)]
        public string? Name { get; set; }

        /// <summary>The field's value: any JSON value (string, number, boolean, object or array), kept as sent.</summary>
        [JsonProperty("value", NullValueHandling = NullValueHandling.Ignore)]
        public JToken? Value { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
