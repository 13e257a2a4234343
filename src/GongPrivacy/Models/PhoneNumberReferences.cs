#if GONG_SCHEMA_PhoneNumberReferences
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>Adds to the generated answer of <c>data-for-phone-number</c> what its callers need beside Gong's fields.</summary>
    public partial class PhoneNumberReferences : ISubjectReferences
    {
        /// <inheritdoc />
        [JsonIgnore]
        public bool IsEmpty => Emails.Count == 0 && Calls.Count == 0 && Meetings.Count == 0 && CustomerData.Count == 0 && MatchingPhoneNumbers.Count == 0 && EmailAddresses.Count == 0;
    }
}
#endif
