using System;

namespace GongPrivacy
{
    /// <summary>The checks the client makes on a data subject's email address or phone number before sending it.</summary>
    internal static class GongValidation
    {
        /// <summary>
        /// <see langword="true"/> for a plain address <c>local-part@domain</c>: one <c>@</c>, no white space or control
        /// characters, no display name, a domain of dot-separated labels, at most 254 characters.
        /// </summary>
        /// <param name="value">The address to check.</param>
        /// <returns>Whether Gong can be asked about it.</returns>
        public static bool IsEmailAddress(string? value)
        {
            if (string.IsNullOrEmpty(value) || value!.Length > 254)
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
