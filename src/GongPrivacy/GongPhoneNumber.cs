using System;
using PhoneNumbers;

namespace GongPrivacy
{
    /// <summary>
    /// Turns a phone number written in a national or international format into the form Gong needs:
    /// <c>+</c>, the country code and the number (E.164), using libphonenumber.
    /// </summary>
    public static class GongPhoneNumber
    {
        private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

        /// <summary>
        /// Normalises <paramref name="phoneNumber"/>. A number that starts with <c>+</c> keeps its country code;
        /// any other is read as a national number of <paramref name="defaultRegion"/>.
        /// </summary>
        /// <param name="phoneNumber">The number as a person wrote it, such as <c>(425) 555-2671</c> or <c>020 7946 0018</c>.</param>
        /// <param name="defaultRegion">The two-letter region (ISO 3166-1) for national numbers, such as <c>US</c> or <c>GB</c>.</param>
        /// <returns>The number in E.164 form, such as <c>+14255552671</c>.</returns>
        /// <exception cref="ArgumentException">The number cannot be read, or is not a possible number for its region; the message does not repeat it.</exception>
        public static string Normalize(string phoneNumber, string defaultRegion)
        {
            if (string.IsNullOrWhiteSpace(phoneNumber))
            {
                throw new ArgumentException("The phone number is empty or white space.", nameof(phoneNumber));
            }

            if (string.IsNullOrWhiteSpace(defaultRegion) || defaultRegion.Trim().Length != 2 || !Util.GetSupportedRegions().Contains(defaultRegion.Trim().ToUpperInvariant()))
            {
                throw new ArgumentException("The default region must be a two-letter region code that libphonenumber knows, such as US or GB.", nameof(defaultRegion));
            }

            PhoneNumber parsed;
            try
            {
                parsed = Util.Parse(phoneNumber, defaultRegion.Trim().ToUpperInvariant());
            }
            catch (NumberParseException ex)
            {
                throw new ArgumentException("The phone number cannot be read as a number of region " + defaultRegion.Trim().ToUpperInvariant() + " (" + ex.ErrorType + ").", nameof(phoneNumber));
            }

            if (!Util.IsPossibleNumber(parsed))
            {
                throw new ArgumentException("The phone number is not a possible number for region " + Util.GetRegionCodeForNumber(parsed) + " (wrong length).", nameof(phoneNumber));
            }

            return Util.Format(parsed, PhoneNumberFormat.E164);
        }
    }
}
