using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>What a check is given: the public key and where it came from, and the 0.2.0 chain key when the key file is there.</summary>
    internal sealed record JournalCheckKeys(ECDsa? PublicKey, string? Source, byte[]? LegacyChainKey);

    /// <summary>
    /// The one check of a journal and its digests, the same for every command: each entry in its place (its number), each
    /// line's chain link, the hash chain over every entry line against each signed digest's head, each digest's signature
    /// under the public key, and the digests' own chain. It needs no secret: the public key is enough (0.2.0's HMAC chain
    /// needs the key file, and is checked when it is there). The first problem is the one error (exit 11), naming its place.
    /// </summary>
    internal static class JournalCheck
    {
        /// <summary>Checks a journal's lines and digests; throws the one error of the first problem found.</summary>
        /// <param name="path">The journal, for messages.</param>
        /// <param name="lines">Its lines, each parsed as an entry or null.</param>
        /// <param name="digests">Its digest file's lines, each parsed as a digest or null.</param>
        /// <param name="keys">The public key (and the 0.2.0 chain key, when the key file is there).</param>
        /// <param name="signedJournal">Whether the journal is kept with digests (its opening records a signing key, or a digest file exists).</param>
        /// <param name="requireChain">Whether every entry must carry its chain: a journal with a key (it records one) or digests is never taken as written before the chain.</param>
        /// <param name="expectHead">A head kept from a later run or an earlier report: the digests must reach it.</param>
        public static JournalIntegrity Run(string path, IReadOnlyList<(int Line, string Text, JournalEntry? Entry)> lines, IReadOnlyList<(int Line, JournalDigest? Digest)> digests, JournalCheckKeys keys, bool signedJournal, bool requireChain, string? expectHead)
        {
            var result = new JournalIntegrity { Signed = signedJournal, KeySource = keys.Source, KeyId = keys.PublicKey == null ? null : JournalKeys.PublicKeyId(keys.PublicKey) };
            var seal = digests.Select(d => d.Digest).FirstOrDefault(d => d?.Kind == "seal");
            var legacyUpTo = signedJournal ? seal?.To ?? 0 : long.MaxValue; // 0.2.0's HMAC links: all of an unsealed journal, the sealed part of one
            var heads = new Dictionary<long, string>();
            var wanted = new HashSet<long>(digests.Where(d => d.Digest != null).Select(d => d.Digest!.To));
            string head = string.Empty, lineHead = string.Empty;
            long position = 0, expected = 1;
            for (var i = 0; i < lines.Count; i++)
            {
                var (number, text, entry) = lines[i];
                if (entry == null)
                {
                    // Only a line cut short by a kill: the last line, or one closed and marked by the next entry.
                    if (i == lines.Count - 1)
                    {
                        result.CutLastLine = number;
                        continue;
                    }

                    if (lines[i + 1].Entry?.Event == JournalEvent.Repaired)
                    {
                        result.Repaired.Add(number);
                        continue;
                    }

                    throw Broken(path, "line " + Number(number), "it is not a journal entry");
                }

                position++;
                lineHead = JournalDigests.Link(lineHead, text);
                if (wanted.Contains(position))
                {
                    heads[position] = lineHead;
                }

                var (content, chain) = JournalChain.Split(text);
                if (chain == null)
                {
                    if (requireChain || result.Chained > 0)
                    {
                        throw Broken(path, "line " + Number(number), "it carries no chain value: every entry of a journal with a key or digests carries one (the chain was removed, or the line written by hand)");
                    }

                    result.BeforeChain++;
                    continue;
                }

                if (entry.Number != expected)
                {
                    var due = expected;
                    var moved = entry.Number < expected || lines.Skip(i + 1).Any(l => l.Entry?.Number == due);
                    throw Broken(path, "line " + Number(number), moved
                        ? "it holds entry " + Format(entry.Number) + " where entry " + Number(expected) + " was due: entries were moved, swapped or repeated"
                        : "it holds entry " + Format(entry.Number) + " where entry " + Number(expected) + " was due: an entry before it was deleted");
                }

                // 0.2.0's lines carry an HMAC link (checked when the key file is here; the digests cover them too), later lines a SHA-256 link.
                var legacy = position <= legacyUpTo;
                var link = legacy ? keys.LegacyChainKey == null ? chain : JournalChain.Link(keys.LegacyChainKey, head, content) : JournalChain.PublicLink(head, content);
                if (!string.Equals(link, chain, StringComparison.Ordinal))
                {
                    throw Broken(path, "line " + Number(number), "its content does not match its chain value: it was edited after it was written, or the lines were reordered");
                }

                result.LegacyChainChecked |= legacy && keys.LegacyChainKey != null;
                head = chain;
                expected++;
                result.Chained++;
            }

            result.Entries = position;
            result.LastLink = head;
            result.LineHead = lineHead;
            result.ChainedNotSigned = !signedJournal && result.Chained > 0;
            CheckDigests(path, digests, heads, keys, result);
            CheckExpectedHead(path, expectHead, result);
            return result;
        }

        /// <summary>
        /// The head given with <c>--expect-head</c>, trimmed, or null when the option was not given; an empty or blank value
        /// is bad usage (exit 2), never a check skipped.
        /// </summary>
        public static string? KeptHead(string? value)
        {
            if (value == null)
            {
                return null;
            }

            return string.IsNullOrWhiteSpace(value)
                ? throw new CliException(ExitCodes.Usage, "--expect-head is empty: give the head you kept ('Journal head: …', 16 hex digits), or leave the option out. Nothing was checked or sent.")
                : value.Trim();
        }

        /// <summary>The one error of a journal that fails its check.</summary>
        public static CliException Broken(string path, string where, string why) =>
            new CliException(ExitCodes.JournalTampered, "The journal " + path + " fails its integrity check at " + where + ": " + why + ". What follows cannot be trusted; keep this copy for the audit. Nothing was sent or written.");

        /// <summary>The one error of entries after the last digest that the writer cannot sign as recovered.</summary>
        public static CliException Unvouched(string path, string why) =>
            new CliException(ExitCodes.JournalTampered, "The journal " + path + " fails its integrity check: " + why + ". Keep this copy for the audit. Nothing was sent or written.");

        private static void CheckDigests(string path, IReadOnlyList<(int Line, JournalDigest? Digest)> digests, Dictionary<long, string> heads, JournalCheckKeys keys, JournalIntegrity result)
        {
            var file = JournalDigests.PathOf(path);
            if (digests.Count > 0 && keys.PublicKey == null)
            {
                throw new CliException(ExitCodes.Journal, "The journal " + path + " is signed, and checking it needs its public key: give --public-key <pub.pem> (its keeper writes it with 'gong-privacy journal export-public-key'), or run where its key file is. Nothing was checked.");
            }

            var previous = string.Empty;
            long coveredTo = 0;
            foreach (var (line, digest) in digests)
            {
                var where = "digest " + (result.Digests.Count + 1).ToString(CultureInfo.InvariantCulture) + " (line " + Number(line) + " of " + System.IO.Path.GetFileName(file) + ")";
                if (digest == null)
                {
                    throw Broken(path, where, "it is not a signed digest");
                }

                if (!JournalDigests.Canonical(digest))
                {
                    throw Broken(path, where, "its signature is not the canonical base64 of a P-256 signature: it was re-encoded or changed after it was signed");
                }

                if (!JournalDigests.Verify(keys.PublicKey!, digest))
                {
                    throw Broken(path, where, result.KeyId == digest.Key
                        ? "its signature does not hold: the digest was changed after it was signed"
                        : "it is signed by key " + digest.Key + ", not by the public key " + result.KeyId + " it is checked with (the key file was replaced, or this is another journal's key)");
                }

                if (digest.Number != result.Digests.Count + 1 || !string.Equals(digest.Previous, previous, StringComparison.Ordinal))
                {
                    throw Broken(path, where, "it does not follow the digest before it (it holds digest " + digest.Number.ToString(CultureInfo.InvariantCulture) + "): a digest in the chain was deleted, moved or replaced");
                }

                if (digest.From != coveredTo + 1 || digest.To < digest.From)
                {
                    throw Broken(path, where, "it covers entries " + digest.From + "-" + digest.To + " where entry " + (coveredTo + 1) + " was next: a digest was changed");
                }

                if (digest.To > result.Entries)
                {
                    throw Broken(path, "entry " + (result.Entries + 1).ToString(CultureInfo.InvariantCulture), "the journal ends at entry " + result.Entries + ", but digest " + digest.Number + " (signed " + Time(digest.At) + ") covers entries up to " + digest.To + ": entries " + (result.Entries + 1) + "-" + digest.To + " were deleted");
                }

                if (!heads.TryGetValue(digest.To, out var head) || !string.Equals(head, digest.Head, StringComparison.Ordinal))
                {
                    throw Broken(path, "entries " + digest.From + "-" + digest.To, "they do not match digest " + digest.Number + " (signed " + Time(digest.At) + "): an entry in that range was changed, removed or added");
                }

                result.Digests.Add(digest);
                previous = digest.Signature;
                coveredTo = digest.To;
            }
        }

        private static void CheckExpectedHead(string path, string? expectHead, JournalIntegrity result)
        {
            var kept = KeptHead(expectHead);
            if (kept == null)
            {
                return;
            }

            var head = kept.ToLowerInvariant();
            if (!result.Digests.Any(d => JournalDigests.ShortHead(d) == head || JournalDigests.FullHead(d) == head))
            {
                throw Broken(path, "its end", "its digests never reach the head you kept (" + kept + "): the journal ends before it (runs were removed with their digests, or an older copy was restored), or the head belongs to another journal. Its last head is " + result.ShortHead);
            }
        }

        private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

        private static string Format(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "(none)";

        private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
