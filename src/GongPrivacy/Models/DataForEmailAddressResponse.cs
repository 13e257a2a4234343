using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>
    /// The answer of <c>GET /v2/data-privacy/data-for-email-address</c>: every call, email message, meeting,
    /// CRM record and engagement event that references an email address.
    /// </summary>
    public class DataForEmailAddressResponse : DataForSubjectResponse
    {
        /// <summary>Engagement events of the subject, such as viewing a call shared externally.</summary>
        [JsonProperty("customerEngagement")]
        public IList<CustomerEngagement> CustomerEngagement { get; set; } = new List<CustomerEngagement>();

        /// <inheritdoc />
        [JsonIgnore]
        public override bool IsEmpty => base.IsEmpty && CustomerEngagement.Count == 0;
    }
}
