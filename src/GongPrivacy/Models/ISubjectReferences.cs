#if GONG_SCHEMA_EmailMessage && GONG_SCHEMA_CallReference && GONG_SCHEMA_Meeting && GONG_SCHEMA_CustomerData
using System.Collections.Generic;

namespace GongPrivacy
{
    /// <summary>
    /// What Gong holds that references one data subject: the part the email-address lookup
    /// (<see cref="EmailAddressReferences"/>) and the phone-number lookup (<see cref="PhoneNumberReferences"/>) share.
    /// </summary>
    public interface ISubjectReferences
    {
        /// <summary>Gong's id for this request, for troubleshooting with Gong support.</summary>
        string? RequestId { get; }

        /// <summary>Email messages that reference the subject.</summary>
        IList<EmailMessage> Emails { get; }

        /// <summary>Calls that reference the subject.</summary>
        IList<CallReference> Calls { get; }

        /// <summary>Meetings that reference the subject.</summary>
        IList<Meeting> Meetings { get; }

        /// <summary>Records from external systems (CRM and others) that Gong stores and that reference the subject.</summary>
        IList<CustomerData> CustomerData { get; }

        /// <summary>
        /// <see langword="true"/> when Gong reported no references in any category this client knows: the expected answer
        /// once an erasure has been carried out.
        /// </summary>
        bool IsEmpty { get; }
    }
}
#endif
