#if GONG_SCHEMA_EmailAddressReferences
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>Adds to the generated answer of <c>data-for-email-address</c> what its callers need beside Gong's fields.</summary>
    public partial class EmailAddressReferences : ISubjectReferences
    {
        /// <inheritdoc />
        [JsonIgnore]
        public bool IsEmpty => Emails.Count == 0 && Calls.Count == 0 && Meetings.Count == 0 && CustomerData.Count == 0 && CustomerEngagement.Count == 0;
    }
}
#endif
