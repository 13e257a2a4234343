using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// The link each journal line carries. Each entry carries its number <c>n</c> (from 1) and <c>chain</c>: the SHA-256 of
    /// the previous entry's <c>chain</c> and the entry's own line without it. Anyone can recompute it (no key): it places
    /// each line and names the first edited, deleted, inserted or moved one; what makes the journal trustworthy is the
    /// signed digests over these lines (<see cref="JournalDigests"/>). A journal of 0.2.0 carries an HMAC-SHA256 link under a
    /// key derived from its key file instead (<see cref="Link"/>), which only the key file checks. A line cut short by a
    /// kill, closed and followed by a <c>repaired</c> entry, is outside the chain.
    /// </summary>
    internal static class JournalChain
    {
        private const string Label = "gong-privacy journal chain v1";

        private static readonly Regex Macked = new Regex(",\"mac\":\"(?<mac>[0-9a-f]{64})\"}$", RegexOptions.CultureInvariant);

        private static readonly Regex Sealed = new Regex(",\"chain\":\"(?<chain>[0-9a-f]{64})\"}$", RegexOptions.CultureInvariant);

        /// <summary>The HMAC chain key of a 0.2.0 journal, derived from its key.</summary>
        public static byte[] KeyFor(byte[] journalKey)
        {
            using var hmac = new HMACSHA256(journalKey);
            return hmac.ComputeHash(Encoding.ASCII.GetBytes(Label));
        }

        /// <summary>A 0.2.0 line's link after <paramref name="previous"/>: an HMAC under the journal's chain key.</summary>
        public static string Link(byte[] chainKey, string previous, string content)
        {
            using var hmac = new HMACSHA256(chainKey);
            return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(previous + "\n" + content))).ToLowerInvariant();
        }

        /// <summary>A line's link after <paramref name="previous"/> (empty before the first): the SHA-256 anyone can recompute.</summary>
        public static string PublicLink(string previous, string content) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + content))).ToLowerInvariant();

        /// <summary>
        /// An entry's content with its MAC as the last member: HMAC-SHA256, under the writer's entry key, of the previous
        /// entry's link and the entry's JSON, so that it also places the entry. Only the writer can make it; the chain's link
        /// then covers it.
        /// </summary>
        public static string WithMac(byte[] macKey, string previous, string json) => json.Substring(0, json.Length - 1) + ",\"mac\":\"" + Mac(macKey, previous, json) + "\"}";

        /// <summary>Whether an entry's content (its line without the link) carries a MAC that holds under the writer's entry key after <paramref name="previous"/>.</summary>
        public static bool MacHolds(byte[] macKey, string previous, string content)
        {
            var match = Macked.Match(content);
            if (!match.Success)
            {
                return false;
            }

            var expected = Encoding.ASCII.GetBytes(Mac(macKey, previous, content.Substring(0, match.Index) + "}"));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(match.Groups["mac"].Value));
        }

        /// <summary>The line to write: the entry's JSON object with its link added as the last member.</summary>
        public static string Seal(string json, string chain) => json.Substring(0, json.Length - 1) + ",\"chain\":\"" + chain + "\"}";

        private static string Mac(byte[] macKey, string previous, string json)
        {
            using var hmac = new HMACSHA256(macKey);
            return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(previous + "\n" + json))).ToLowerInvariant();
        }

        /// <summary>A line's content without its link, and the link (null for an entry from before the chain).</summary>
        public static (string Content, string? Chain) Split(string line)
        {
            var match = Sealed.Match(line);
            return match.Success ? (line.Substring(0, match.Index) + "}", match.Groups["chain"].Value) : (line, null);
        }
    }
}
