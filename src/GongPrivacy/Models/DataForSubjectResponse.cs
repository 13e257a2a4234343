using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// What Gong holds that references one data subject: the part that the email-address and phone-number
    /// lookups share. Hand-written from Gong's reference pages, because the committed spec lacks it.
    /// </summary>
    public abstract class DataForSubjectResponse
    {
        /// <summary>Gong's id for this request, for troubleshooting with Gong support.</summary>
        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)]
        public string? RequestId { get; set; }

        /// <summary>Email messages that reference the subject.</summary>
        [JsonProperty("emails")]
        public IList<EmailMessage> Emails { get; set; } = new List<EmailMessage>();

        /// <summary>Calls that reference the subject.</summary>
        [JsonProperty("calls")]
        public IList<CallReference> Calls { get; set; } = new List<CallReference>();

        /// <summary>Meetings that reference the subject.</summary>
        [JsonProperty("meetings")]
        public IList<Meeting> Meetings { get; set; } = new List<Meeting>();

        /// <summary>Records from external systems (CRM and others) that Gong stores and that reference the subject.</summary>
        [JsonProperty("customerData")]
        public IList<CustomerData> CustomerData { get; set; } = new List<CustomerData>();

        /// <summary>Fields Gong sent that this version of the client does not know, kept so that nothing is lost.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> AdditionalProperties { get; set; } = new Dictionary<string, JToken>();

        /// <summary>
        /// <see langword="true"/> when Gong reported no references in any category this client knows:
        /// the expected answer after an erasure has completed.
        /// </summary>
        [JsonIgnore]
        public virtual bool IsEmpty => Emails.Count == 0 && Calls.Count == 0 && Meetings.Count == 0 && CustomerData.Count == 0;
    }
}
