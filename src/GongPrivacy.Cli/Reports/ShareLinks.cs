using System;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// Access tokens in links: a Gong share link (<c>https://app.gong.io/e/c-share/tkn=…</c>) opens a call recording in
    /// which other people speak, so whoever holds the subject's copy could play it. The subject's copy keeps every link
    /// (a share exists, and the item says when) but replaces the token with <see cref="Hidden"/>, unless
    /// <c>--include-share-links</c>.
    /// </summary>
    internal static class ShareLinks
    {
        /// <summary>What replaces a token's value.</summary>
        public const string Hidden = "[hidden]";

        /// <summary>
        /// A token-like parameter of a link, in its query (<c>?token=</c>, <c>&amp;sig=</c>) or as a path segment
        /// (<c>/tkn=</c>, as Gong's share links have it); its value runs to the next separator.
        /// </summary>
        private static readonly Regex Token = new Regex(
            "(?<name>(?:^|[/?&;#])(?:tkn|token|access_token|id_token|refresh_token|sig|signature|x-amz-signature)=)(?<value>[^&#/;\\s\"'<>]+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
            TimeSpan.FromSeconds(1));

        /// <summary>Whether a text is a link that carries a token.</summary>
        public static bool HasToken(string text) => IsLink(text) && Token.Matches(text).Any(m => m.Groups["value"].Value != Hidden);

        /// <summary>A link with each token's value replaced by <see cref="Hidden"/>; any other text as it is.</summary>
        public static string Mask(string text) => IsLink(text) ? Token.Replace(text, m => m.Groups["name"].Value + Hidden) : text;

        /// <summary>Masks every token in every link of a JSON tree, in place; returns how many values changed.</summary>
        public static int Mask(JToken tree)
        {
            var changed = 0;
            var values = tree is JContainer container ? container.DescendantsAndSelf() : new[] { tree };
            foreach (var value in values.OfType<JValue>().Where(v => v.Type == JTokenType.String).ToList())
            {
                var text = (string)value!;
                var masked = Mask(text);
                if (!string.Equals(masked, text, StringComparison.Ordinal))
                {
                    value.Value = masked;
                    changed++;
                }
            }

            return changed;
        }

        private static bool IsLink(string text) => text.Contains("://", StringComparison.Ordinal);
    }
}
