using System;
using System.Text;
using System.Text.RegularExpressions;

namespace GongPrivacy
{
    /// <summary>
    /// Masks a data subject's email address or phone number before it reaches any text the client emits
    /// (exception messages, log lines, span tags). Use it for your own logs and audit trails too.
    /// </summary>
    internal static class GongRedaction
    {
        private static readonly Regex EmailPattern = new Regex(
            @"[^\s@""'<>(),;:\[\]]+@[^\s@""'<>(),;:\[\]]+",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex PhonePattern = new Regex(
            @"\+?\d[\d\s().\-/]{5,}\d",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>Masks an email address: <c>jane.doe@example.com</c> becomes <c>j***@e***.com</c>.</summary>
        /// <param name="email">The address.</param>
        /// <returns>The masked address; empty for null or empty input.</returns>
        public static string MaskEmail(string? email)
        {
            if (string.IsNullOrEmpty(email))
            {
                return string.Empty;
            }

            var at = email!.LastIndexOf('@');
            if (at <= 0 || at == email.Length - 1)
            {
                return "***";
            }

            var domain = email.Substring(at + 1);
            var dot = domain.LastIndexOf('.');
            var tld = dot > 0 && dot < domain.Length - 1 ? domain.Substring(dot) : string.Empty;
            return email[0] + "***@" + domain[0] + "***" + tld;
        }

        /// <summary>Masks a phone number: <c>+1 (425) 555-2671</c> becomes <c>+1******2671</c>.</summary>
        /// <param name="phone">The number.</param>
        /// <returns>The masked number: the first and last four digits kept; empty for null or empty input.</returns>
        public static string MaskPhone(string? phone)
        {
            if (string.IsNullOrEmpty(phone))
            {
                return string.Empty;
            }

            var digits = new StringBuilder(phone!.Length);
            foreach (var c in phone)
            {
                if (c >= '0' && c <= '9')
                {
                    digits.Append(c);
                }
            }

            var prefix = phone.TrimStart().StartsWith("+", StringComparison.Ordinal) ? "+" : string.Empty;
            if (digits.Length < 7)
            {
                return prefix + new string('*', Math.Max(digits.Length, 3));
            }

            var masked = new StringBuilder(prefix);
            masked.Append(digits[0]);
            masked.Append('*', digits.Length - 5);
            masked.Append(digits.ToString(digits.Length - 4, 4));
            return masked.ToString();
        }

        /// <summary>Masks every email address and phone-like number in free text, such as a server's error message.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The text with each address and number masked.</returns>
        public static string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var withoutEmails = EmailPattern.Replace(text!, m => MaskEmail(m.Value));
            return PhonePattern.Replace(withoutEmails, m => MaskPhone(m.Value));
        }
    }
}
