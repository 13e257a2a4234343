using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>An email message that references the subject.</summary>
    public class EmailMessage
    {
        /// <summary>Gong's 32-character id of the message.</summary>
        [JsonProperty("id", NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        /// <summary>The sender's email address.</summary>
        [JsonProperty("from", NullValueHandling = NullValueHandling.Ignore)]
        public string? From { get; set; }

        /// <summary>When the message was sent, with the sender's offset.</summary>
        [JsonProperty("sentTime", NullValueHandling = NullValueHandling.Ignore)]
        public DateTimeOffset? SentTime { get; set; }

        /// <summary>The mailbox the message was read from.</summary>
        [JsonProperty("mailbox", NullValueHandling = NullValueHandling.Ignore)]
        public string? Mailbox { get; set; }

        /// <summary>A hash of the message.</summary>
        [JsonProperty("messageHash", NullValueHandling = NullValueHandling.Ignore)]
        public string? MessageHash { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
