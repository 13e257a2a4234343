using System;
using System.Linq;
using System.Text;

namespace GongPrivacy.Testing
{
    /// <summary>How the fake reads a subject: its key (the kind and canonical value), Gong's checks, and its masked form.</summary>
    internal static class Subjects
    {
        /// <summary>
        /// The key two spellings of one subject share: <c>email:</c> and the lower-case address, or <c>phone:+</c> and the
        /// digits (Gong ignores every other character of a number). An address is anything with an <c>@</c>.
        /// </summary>
        public static string Key(string subject)
        {
            var text = subject.Trim();
            return text.Contains('@') ? "email:" + text.ToLowerInvariant() : "phone:+" + Digits(text);
        }

        public static string Digits(string text) => new string(text.Where(c => c >= '0' && c <= '9').ToArray());

        /// <summary>What Gong takes as an address: one <c>@</c> with text on both sides and a dot in the domain, no spaces.</summary>
        public static bool IsEmailAddress(string value)
        {
            var at = value.IndexOf('@');
            return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && value.IndexOf('.', at) > at + 1 &&
                !value.EndsWith(".", StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace);
        }

        /// <summary>What Gong takes as a number: a <c>+</c>, the country code and the number (7 to 15 digits; other characters ignored).</summary>
        public static bool IsPhoneNumber(string value)
        {
            var digits = Digits(value).Length;
            return value.TrimStart().StartsWith("+", StringComparison.Ordinal) && digits >= 7 && digits <= 15;
        }

        /// <summary><c>ada@example.com</c> becomes <c>a***@e***.com</c>; <c>+1 425 555 2671</c> becomes <c>+1******2671</c>.</summary>
        public static string Mask(string subject)
        {
            var text = subject.Trim();
            if (text.Length == 0)
            {
                return string.Empty;
            }

            var at = text.LastIndexOf('@');
            if (at >= 0)
            {
                if (at == 0 || at == text.Length - 1)
                {
                    return "***";
                }

                var domain = text.Substring(at + 1);
                var dot = domain.LastIndexOf('.');
                return text[0] + "***@" + domain[0] + "***" + (dot > 0 && dot < domain.Length - 1 ? domain.Substring(dot) : string.Empty);
            }

            var digits = Digits(text);
            var prefix = text.StartsWith("+", StringComparison.Ordinal) ? "+" : string.Empty;
            return digits.Length < 7 ? prefix + new string('*', Math.Max(digits.Length, 3))
                : new StringBuilder(prefix).Append(digits[0]).Append('*', digits.Length - 5).Append(digits, digits.Length - 4, 4).ToString();
        }
    }
}
