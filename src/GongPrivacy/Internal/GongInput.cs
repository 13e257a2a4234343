using System;

namespace GongPrivacy.Internal
{
    /// <summary>Checks a data subject's email address or phone number before anything is sent.</summary>
    internal static class GongInput
    {
        /// <summary>The query and body parameters that name a data subject, by their name in Gong's API.</summary>
        public static bool IsSubjectParameter(string name) => name == "emailAddress" || name == "phoneNumber";

        /// <summary>Checks a subject parameter by its name in Gong's API; other parameters pass.</summary>
        public static void Check(string name, string? value)
        {
            if (name == "emailAddress")
            {
                EmailAddress(value, name);
            }
            else if (name == "phoneNumber")
            {
                PhoneNumber(value, name);
            }
        }

        public static string EmailAddress(string? value, string parameterName)
        {
            if (value == null)
            {
                throw new ArgumentNullException(parameterName, "The email address is null.");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("The email address is empty or white space.", parameterName);
            }

            var hidden = GongValidation.HiddenCharacter(value);
            if (hidden != null)
            {
                throw new ArgumentException("The email address holds " + hidden + "; it would name someone else. Type it again, or remove the character.", parameterName);
            }

            if (!GongValidation.IsEmailAddress(value))
            {
                throw new ArgumentException("The email address is not a valid address (expected local-part@domain, no spaces, no display name).", parameterName);
            }

            return value;
        }

        public static string PhoneNumber(string? value, string parameterName)
        {
            if (value == null)
            {
                throw new ArgumentNullException(parameterName, "The phone number is null.");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("The phone number is empty or white space.", parameterName);
            }

            var hidden = GongValidation.HiddenCharacter(value);
            if (hidden != null)
            {
                throw new ArgumentException("The phone number holds " + hidden + ". Type it again, or remove the character.", parameterName);
            }

            if (!GongValidation.IsPhoneNumber(value))
            {
                throw new ArgumentException("The phone number is not valid: Gong needs '+', the country code and the number (7 to 15 digits); only spaces, '(', ')', '-', '.' and '/' may stand between the digits.", parameterName);
            }

            return value;
        }
    }
}
