using System;
using System.Collections.Generic;
using System.Text;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// Names for a person: Gong's own field names (<c>sentTime</c> is "Sent"), the CRM field names most systems use
    /// (<c>LeadScore</c> is "Lead score"), and which fields are identifiers, shown after the content.
    /// </summary>
    internal static class FieldLabels
    {
        /// <summary>Gong's field names, as the Data Privacy API spells them.</summary>
        private static readonly Dictionary<string, string> Gong = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = "Gong ID",
            ["from"] = "From",
            ["sentTime"] = "Sent",
            ["mailbox"] = "Recorded from the mailbox",
            ["messageHash"] = "Message fingerprint",
            ["status"] = "Status",
            ["externalSystems"] = "In other systems",
            ["system"] = "System",
            ["objects"] = "Records",
            ["objectType"] = "Kind of record",
            ["externalId"] = "ID in that system",
            ["mirrorId"] = "Gong's link to the record",
            ["fields"] = "Fields",
            ["eventType"] = "Kind of event",
            ["eventName"] = "Event",
            ["timestamp"] = "When",
            ["contentId"] = "ID of the content",
            ["contentUrl"] = "Link to the content",
            ["reportingSystem"] = "Reported by",
            ["sourceEventId"] = "ID of the event",
            ["suppliedPhoneNumber"] = "Phone number searched for",
            ["matchingPhoneNumbers"] = "Phone numbers that matched",
            ["emailAddresses"] = "Email addresses found with the number",
            ["integrationId"] = "Integration ID",
            ["crmObjectType"] = "CRM record type",
            ["crmId"] = "CRM ID",
        };

        /// <summary>CRM field names common to Salesforce, HubSpot and Dynamics; any other name is shown as it is.</summary>
        private static readonly Dictionary<string, string> Crm = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["FirstName"] = "First name",
            ["LastName"] = "Last name",
            ["Name"] = "Name",
            ["FullName"] = "Full name",
            ["Salutation"] = "Salutation",
            ["Email"] = "Email address",
            ["Phone"] = "Phone",
            ["MobilePhone"] = "Mobile phone",
            ["HomePhone"] = "Home phone",
            ["Fax"] = "Fax",
            ["Title"] = "Job title",
            ["JobTitle"] = "Job title",
            ["Department"] = "Department",
            ["Company"] = "Company",
            ["AccountName"] = "Account",
            ["Industry"] = "Industry",
            ["Website"] = "Website",
            ["LeadScore"] = "Lead score",
            ["LeadSource"] = "Lead source",
            ["LeadStatus"] = "Lead status",
            ["hs_lead_status"] = "Lead status",
            ["LifecycleStage"] = "Lifecycle stage",
            ["Rating"] = "Rating",
            ["DoNotCall"] = "Do not call",
            ["HasOptedOutOfEmail"] = "Opted out of email",
            ["HasOptedOutOfFax"] = "Opted out of fax",
            ["AnnualRevenue"] = "Annual revenue",
            ["NumberOfEmployees"] = "Number of employees",
            ["MailingAddress"] = "Mailing address",
            ["Address"] = "Address",
            ["Street"] = "Street",
            ["City"] = "City",
            ["State"] = "State or region",
            ["PostalCode"] = "Postal code",
            ["Country"] = "Country",
            ["Interests"] = "Interests",
            ["Description"] = "Description",
            ["OwnerId"] = "Owner ID",
            ["CreatedDate"] = "Created",
            ["LastModifiedDate"] = "Last changed",
            ["LinkedIn"] = "LinkedIn profile",
        };

        /// <summary>Names inside a value (an address, a position), for a person.</summary>
        private static readonly Dictionary<string, string> Parts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lat"] = "Latitude",
            ["lon"] = "Longitude",
            ["lng"] = "Longitude",
            ["geo"] = "Position",
        };

        /// <summary>What Gong's kinds of engagement event mean; the page shows the meaning, then the kind as Gong names it.</summary>
        private static readonly Dictionary<string, string> EventTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ExternalCallViewing"] = "You viewed a call recording shared with you",
            ["contentShared"] = "Content was shared with you",
            ["contentViewed"] = "You viewed content shared with you",
            ["customEvent"] = "An event another system reported",
            ["digitalInteraction"] = "You interacted with content shared with you",
        };

        /// <summary>The meaning of a kind of engagement event, or null for a kind not known here.</summary>
        public static string? EventMeaning(string eventType) => EventTypes.TryGetValue(eventType, out var meaning) ? meaning : null;

        /// <summary>A Gong field's label; a name Gong adds later is split into words (<c>threadTopic</c>: "Thread topic").</summary>
        public static string ForGong(string name) => Gong.TryGetValue(name, out var label) || Parts.TryGetValue(name, out label) ? label : Words(name);

        /// <summary>A CRM field's label when the name is a known one; otherwise the name exactly as the CRM has it.</summary>
        public static string ForCrm(string name) => Crm.TryGetValue(name, out var label) ? label : name;

        /// <summary>Whether a field holds an identifier or a fingerprint, which the page shows after the content.</summary>
        public static bool IsIdentifier(string name) =>
            name == "id" || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Hash", StringComparison.Ordinal);

        /// <summary>A name split into words: <c>sentTime</c> becomes "Sent time", <c>contentUrl</c> "Content URL".</summary>
        public static string Words(string name)
        {
            var words = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                {
                    words.Append(' ');
                }

                words.Append(i == 0 ? char.ToUpperInvariant(name[i]) : char.ToLowerInvariant(name[i]));
            }

            return words.ToString().Replace(" url", " URL", StringComparison.Ordinal).Replace(" id", " ID", StringComparison.Ordinal).Replace("Id", "ID", StringComparison.Ordinal);
        }
    }
}
