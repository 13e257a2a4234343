using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>A lead or contact record that references the subject.</summary>
    public class CustomerDataObject
    {
        /// <summary>Gong's numeric id of the lead or contact, up to 20 digits, kept as text.</summary>
        [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        /// <summary>The record's type: documented values are <c>Lead</c> and <c>Contact</c>; others may come.</summary>
        [JsonProperty("objectType", NullValueHandling = NullValueHandling.Ignore)]
        public string? ObjectType { get; set; }

        /// <summary>The record's id in the external system.</summary>
        [JsonProperty("externalId", NullValueHandling = NullValueHandling.Ignore)]
        public string? ExternalId { get; set; }

        /// <summary>Gong's CRM mirror id: a JSON document encoded as a string, kept exactly as sent.</summary>
        [JsonProperty("mirrorId", NullValueHandling = NullValueHandling.Ignore)]
        public string? MirrorId { get; set; }

        /// <summary>The record's fields.</summary>
        [JsonProperty("fields")]
        public IList<ContextField> Fields { get; set; } = new List<ContextField>();

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
