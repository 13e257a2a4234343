using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// One signed digest: it covers the journal's entries <see cref="From"/> to <see cref="To"/> (by their place among the
    /// entries, from 1) through <see cref="Head"/>, the hash chain over every entry line up to <see cref="To"/>; it names the
    /// previous digest's signature, so the digests form a chain of their own; and it is signed with the journal's private
    /// key. <see cref="Kind"/> says why it was written: a run's end, every <see cref="JournalDigests.EveryEntries"/> entries,
    /// entries a run that did not end left (<c>recovered</c>), entries a run that stopped on an error left as the journal closed (<c>closed</c>), or a 0.2.0 journal's existing chain (<c>seal</c>).
    /// </summary>
    internal sealed record JournalDigest(int Number, string Kind, string? Run, long From, long To, string Head, string Previous, DateTimeOffset At, string? Version, string Key, JournalKdf? Kdf, string Signature, string Content);

    /// <summary>The digest file, <c>&lt;journal&gt;.digests</c> (JSON Lines, one signed digest a line): writing, reading, signing, checking.</summary>
    internal static class JournalDigests
    {
        /// <summary>During a long run, a digest after this many entries, so that a kill leaves at most this many unsigned.</summary>
        public const int EveryEntries = 1000;

        private static readonly Regex Signed = new Regex(",\"sig\":\"(?<sig>[A-Za-z0-9+/=]+)\"}$", RegexOptions.CultureInvariant);

        /// <summary>The digest file of a journal.</summary>
        public static string PathOf(string journalPath) => journalPath + ".digests";

        /// <summary>
        /// A digest's head: the SHA-256 of what it signs (its line without <c>sig</c>), never of the signature's encoding, which
        /// an editor could change without breaking the signature (an ECDSA signature's s can be replaced by n - s).
        /// </summary>
        public static string FullHead(JournalDigest digest) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(digest.Content))).ToLowerInvariant();

        /// <summary>The head an operator keeps and an auditor compares: the first 16 hex digits of <see cref="FullHead"/> of the last digest.</summary>
        public static string ShortHead(JournalDigest digest) => FullHead(digest).Substring(0, 16);

        /// <summary>Whether a digest's signature is written as this tool writes it: the canonical base64 of 64 bytes (IEEE P1363, P-256), nothing re-encoded.</summary>
        public static bool Canonical(JournalDigest digest)
        {
            try
            {
                var bytes = Convert.FromBase64String(digest.Signature);
                return bytes.Length == 64 && string.Equals(Convert.ToBase64String(bytes), digest.Signature, StringComparison.Ordinal);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>The next link of the hash chain over entry lines (what a digest's head is).</summary>
        public static string Link(string previous, string line) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + line))).ToLowerInvariant();

        /// <summary>Signs a digest; its line is its content with the signature as the last member.</summary>
        public static JournalDigest Sign(ECDsa key, int number, string kind, string? run, long from, long to, string head, string previous, DateTimeOffset at, JournalKdf? kdf)
        {
            var keyId = JournalKeys.PublicKeyId(key);
            var json = new JObject
            {
                ["digest"] = number,
                ["kind"] = kind,
                ["run"] = run,
                ["from"] = from,
                ["to"] = to,
                ["head"] = head,
                ["previous"] = previous,
                ["at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["version"] = ToolInfo.Version,
                ["key"] = keyId,
            };
            if (kdf != null)
            {
                json["kdf"] = JObject.FromObject(kdf);
            }

            var content = json.ToString(Formatting.None);
            var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256));
            return new JournalDigest(number, kind, run, from, to, head, previous, at, ToolInfo.Version, keyId, kdf, signature, content);
        }

        /// <summary>Whether a digest's signature holds under a public key.</summary>
        public static bool Verify(ECDsa publicKey, JournalDigest digest)
        {
            try
            {
                return publicKey.VerifyData(Encoding.UTF8.GetBytes(digest.Content), Convert.FromBase64String(digest.Signature), HashAlgorithmName.SHA256);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>The line a digest is written as.</summary>
        public static string Line(JournalDigest digest) => digest.Content.Substring(0, digest.Content.Length - 1) + ",\"sig\":\"" + digest.Signature + "\"}";

        /// <summary>Appends a digest and forces it to disk.</summary>
        public static void Append(string journalPath, JournalDigest digest)
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = AuditJournal.Private;
            }

            using var stream = new FileStream(PathOf(journalPath), options);
            var bytes = Encoding.UTF8.GetBytes(Line(digest) + "\n");
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>The digest file's lines, each read as a digest or null (a line that is not one); empty when there is no file.</summary>
        public static List<(int Line, JournalDigest? Digest)> Read(string journalPath)
        {
            var read = new List<(int, JournalDigest?)>();
            var path = PathOf(journalPath);
            if (!File.Exists(path))
            {
                return read;
            }

            var number = 0;
            foreach (var text in File.ReadAllLines(path))
            {
                number++;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    read.Add((number, Parse(text)));
                }
            }

            return read;
        }

        private static JournalDigest? Parse(string line)
        {
            var match = Signed.Match(line);
            if (!match.Success)
            {
                return null;
            }

            try
            {
                var content = line.Substring(0, match.Index) + "}";
                using var reader = new JsonTextReader(new StringReader(content)) { DateParseHandling = DateParseHandling.None };
                var json = JObject.Load(reader);
                var kdf = json["kdf"] is JObject k ? k.ToObject<JournalKdf>() : null;
                return new JournalDigest(
                    (int?)json["digest"] ?? 0, (string?)json["kind"] ?? string.Empty, (string?)json["run"], (long?)json["from"] ?? 0, (long?)json["to"] ?? 0,
                    (string?)json["head"] ?? string.Empty, (string?)json["previous"] ?? string.Empty,
                    DateTimeOffset.TryParse((string?)json["at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue,
                    (string?)json["version"], (string?)json["key"] ?? string.Empty, kdf, match.Groups["sig"].Value, content);
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is OverflowException || ex is ArgumentException || ex is InvalidCastException)
            {
                // JSON, but not a digest: a member of the wrong type (a string, an object or an array where a number is due),
                // or a number out of range. The check names the line as not a signed digest.
                return null;
            }
        }
    }
}
