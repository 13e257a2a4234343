using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>An engagement event of the subject, such as viewing a call shared externally.</summary>
    public class CustomerEngagement
    {
        /// <summary>
        /// The event's type. Documented values are <c>contentShared</c>, <c>contentViewed</c>, <c>customEvent</c> and
        /// <c>digitalInteraction</c>, but Gong's own example is <c>ExternalCallViewing</c>: any value is kept as sent.
        /// </summary>
        [JsonProperty("eventType", NullValueHandling = NullValueHandling.Ignore)]
        public string? EventType { get; set; }

        /// <summary>When the event happened.</summary>
        [JsonProperty("timestamp", NullValueHandling = NullValueHandling.Ignore)]
        public DateTimeOffset? Timestamp { get; set; }

        /// <summary>The id of the content the event is about.</summary>
        [JsonProperty("contentId", NullValueHandling = NullValueHandling.Ignore)]
        public string? ContentId { get; set; }

        /// <summary>The URL of the content the event is about.</summary>
        [JsonProperty("contentUrl", NullValueHandling = NullValueHandling.Ignore)]
        public string? ContentUrl { get; set; }

        /// <summary>The system that reported the event.</summary>
        [JsonProperty("reportingSystem", NullValueHandling = NullValueHandling.Ignore)]
        public string? ReportingSystem { get; set; }

        /// <summary>The event's name.</summary>
        [JsonProperty("eventName", NullValueHandling = NullValueHandling.Ignore)]
        public string? EventName { get; set; }

        /// <summary>The event's id in the reporting system.</summary>
        [JsonProperty("sourceEventId", NullValueHandling = NullValueHandling.Ignore)]
        public string? SourceEventId { get; set; }

        /// <summary>Fields this version of the client does not know.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();
    }
}
