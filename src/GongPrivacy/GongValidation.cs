using System;

namespace GongPrivacy
{
    /// <summary>The checks the client makes on a data subject's email address or phone number before sending it.</summary>
    internal static class GongValidation
    {
        private static readonly (int CodePoint, string Name)[] Invisible =
        {
            (0x00AD, "SOFT HYPHEN"), (0x061C, "ARABIC LETTER MARK"), (0x180E, "MONGOLIAN VOWEL SEPARATOR"),
            (0x200B, "ZERO WIDTH SPACE"), (0x200C, "ZERO WIDTH NON-JOINER"), (0x200D, "ZERO WIDTH JOINER"),
            (0x200E, "LEFT-TO-RIGHT MARK"), (0x200F, "RIGHT-TO-LEFT MARK"), (0x202A, "LEFT-TO-RIGHT EMBEDDING"),
            (0x202B, "RIGHT-TO-LEFT EMBEDDING"), (0x202C, "POP DIRECTIONAL FORMATTING"), (0x202D, "LEFT-TO-RIGHT OVERRIDE"),
            (0x202E, "RIGHT-TO-LEFT OVERRIDE"), (0x2060, "WORD JOINER"), (0x2066, "LEFT-TO-RIGHT ISOLATE"),
            (0x2067, "RIGHT-TO-LEFT ISOLATE"), (0x2068, "FIRST STRONG ISOLATE"), (0x2069, "POP DIRECTIONAL ISOLATE"),
            (0xFEFF, "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)"), (0xFFFD, "REPLACEMENT CHARACTER (the text was not valid UTF-8 where it came from)"),
        };

        /// <summary>
        /// Why a subject holds characters the person who typed or pasted it did not see, or <see langword="null"/>: an
        /// invisible format character (a zero-width space, a byte order mark inside the value, a bidirectional control, a
        /// soft hyphen), a control character, a private-use or unassigned code point, or U+FFFD (bytes that were not valid
        /// UTF-8). Such a value names someone other than the person meant, so it is refused rather than sent.
        /// </summary>
        /// <param name="value">The email address or phone number.</param>
        /// <returns>The first such character, by position and code point, or <see langword="null"/>.</returns>
        public static string? HiddenCharacter(string? value)
        {
            if (value == null)
            {
                return null;
            }

            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(value, i);
                    if (category == System.Globalization.UnicodeCategory.Format || category == System.Globalization.UnicodeCategory.PrivateUse || category == System.Globalization.UnicodeCategory.OtherNotAssigned)
                    {
                        return Describe(char.ConvertToUtf32(c, value[i + 1]), i);
                    }

                    i++;
                    continue;
                }

                var kind = char.GetUnicodeCategory(c);
                if (c == '\uFFFD' || char.IsSurrogate(c) || kind == System.Globalization.UnicodeCategory.Format || kind == System.Globalization.UnicodeCategory.Control
                    || kind == System.Globalization.UnicodeCategory.PrivateUse || kind == System.Globalization.UnicodeCategory.OtherNotAssigned
                    || kind == System.Globalization.UnicodeCategory.LineSeparator || kind == System.Globalization.UnicodeCategory.ParagraphSeparator)
                {
                    return Describe(c, i);
                }
            }

            return null;
        }

        private static string Describe(int codePoint, int index)
        {
            var name = Array.Find(Invisible, n => n.CodePoint == codePoint).Name;
            return "U+" + codePoint.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + (name == null ? string.Empty : " " + name)
                + " at character " + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ", which does not show where it was typed or pasted";
        }

        /// <summary>
        /// <see langword="true"/> for a plain address <c>local-part@domain</c>: one <c>@</c>, no white space or control
        /// characters, no display name, a domain of dot-separated labels, at most 254 characters.
        /// </summary>
        /// <param name="value">The address to check.</param>
        /// <returns>Whether Gong can be asked about it.</returns>
        public static bool IsEmailAddress(string? value)
        {
            if (string.IsNullOrEmpty(value) || value!.Length > 254 || HiddenCharacter(value) != null)
            {
                return false;
            }

            var at = value.IndexOf('@');
            if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1 || at > 64)
            {
                return false;
            }

            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c) || char.IsWhiteSpace(c) || char.IsControl(c) || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' || c == '(' || c == ')' || c == '[' || c == ']')
                {
                    return false;
                }
            }

            var local = value.Substring(0, at);
            if (local.StartsWith(".", StringComparison.Ordinal) || local.EndsWith(".", StringComparison.Ordinal) || local.Contains(".."))
            {
                return false;
            }

            var domain = value.Substring(at + 1);
            foreach (var label in domain.Split('.'))
            {
                if (label.Length == 0 || label.Length > 63 || label.StartsWith("-", StringComparison.Ordinal) || label.EndsWith("-", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// <see langword="true"/> for a number in the form Gong needs: <c>+</c>, then the country code and number
        /// (7 to 15 digits, the first not 0). Gong ignores other characters; this client allows only spaces,
        /// <c>(</c>, <c>)</c>, <c>-</c>, <c>.</c> and <c>/</c> between the digits, so that a typo is caught here.
        /// </summary>
        /// <param name="value">The number to check.</param>
        /// <returns>Whether Gong can be asked about it.</returns>
        public static bool IsPhoneNumber(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return false;
            }

            var text = value!.Trim();
            if (text.Length < 2 || text[0] != '+')
            {
                return false;
            }

            var digits = 0;
            for (var i = 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= '0' && c <= '9')
                {
                    if (digits == 0 && c == '0')
                    {
                        return false;
                    }

                    digits++;
                }
                else if (digits == 0 && c != '(' && c != ' ')
                {
                    return false;
                }
                else if (c != ' ' && c != '(' && c != ')' && c != '-' && c != '.' && c != '/')
                {
                    return false;
                }
            }

            return digits >= 7 && digits <= 15;
        }
    }
}
