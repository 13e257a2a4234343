using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Reports;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>What a person must see about one subject before it is erased: its flags, and the masked numbers and addresses an erase would also reach.</summary>
    internal sealed record Review(IReadOnlyList<string> Flags, IReadOnlyList<string> Matches);

    /// <summary>
    /// Reviews a lookup, as Gong's erase would reach it: a phone erase deletes every lead or contact holding a matching
    /// number (<c>other-people</c> when a matching number's digits are not the subject's, or more than one address holds
    /// it); Gong imports again what a CRM still holds (<c>crm-still-holds</c>); Gong refuses abnormally large deletions
    /// (<c>large</c>). One place, for a plan, a lookup and a single erase alike.
    /// </summary>
    internal static class PlanReview
    {
        /// <summary>The review of one lookup's answer.</summary>
        public static Review Of(Subject subject, ISubjectReferences data, ReviewThresholds thresholds)
        {
            var flags = new List<string>();
            var matches = new List<string>();
            if (data is PhoneNumberReferences phone)
            {
                var own = subject.Canonical;
                matches.AddRange(phone.MatchingPhoneNumbers.Where(n => "+" + new string(n.Where(char.IsAsciiDigit).ToArray()) != own).Select(GongRedaction.MaskPhone));
                var others = matches.Count > 0;
                matches.AddRange(phone.EmailAddresses.Select(GongRedaction.MaskEmail));
                if (others || phone.EmailAddresses.Count > 1)
                {
                    flags.Add(PlanFlags.OtherPeople);
                }
            }

            if (data.CustomerData.Count > 0)
            {
                flags.Add(PlanFlags.CrmStillHolds);
            }

            if (thresholds.Exceeded(Report.CountMap(data)).Count > 0)
            {
                flags.Add(PlanFlags.Large);
            }

            return new Review(flags, matches);
        }

        /// <summary>The CRM systems that hold the subject (<c>customerData[].system</c>), each once.</summary>
        public static List<string> Systems(ISubjectReferences data) =>
            data.CustomerData.Select(c => string.IsNullOrWhiteSpace(c.System) ? "a system Gong does not name" : c.System!).Distinct().ToList();
    }
}
