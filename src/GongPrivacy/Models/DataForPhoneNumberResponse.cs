using System.Collections.Generic;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>
    /// The answer of <c>GET /v2/data-privacy/data-for-phone-number</c>: every call, email message, meeting and
    /// CRM record that references a phone number, and the numbers and addresses Gong matched to it.
    /// </summary>
    public class DataForPhoneNumberResponse : DataForSubjectResponse
    {
        /// <summary>The number as the caller supplied it.</summary>
        [JsonProperty("suppliedPhoneNumber", NullValueHandling = NullValueHandling.Ignore)]
        public string? SuppliedPhoneNumber { get; set; }

        /// <summary>The numbers, as Gong stores them, that Gong matched to the supplied number.</summary>
        [JsonProperty("matchingPhoneNumbers")]
        public IList<string> MatchingPhoneNumbers { get; set; } = new List<string>();

        /// <summary>Email addresses of the leads and contacts that have the number.</summary>
        [JsonProperty("emailAddresses")]
        public IList<string> EmailAddresses { get; set; } = new List<string>();

        /// <inheritdoc />
        [JsonIgnore]
        public override bool IsEmpty => base.IsEmpty && MatchingPhoneNumbers.Count == 0 && EmailAddresses.Count == 0;
    }
}
