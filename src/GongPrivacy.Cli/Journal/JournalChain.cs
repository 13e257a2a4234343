using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// The journal's hash chain. Each entry carries its number <c>n</c> (from 1) and <c>chain</c>, an HMAC-SHA256 under a
    /// key derived from the journal's key of the previous entry's <c>chain</c> and the entry's own line without it. An
    /// edited entry, a deleted, inserted or repeated one, or a reordering breaks the chain at the first line concerned;
    /// without the key nobody can write a chain that holds. Entries written before the chain existed (older versions) are
    /// chained too, as they are, from the first entry that carries one. A line cut short by a kill, closed and followed by
    /// a <c>repaired</c> entry, is outside the chain. The last <c>chain</c> is the journal's head: a report prints it, so
    /// that a later copy of the journal can be compared with it (which also shows entries removed from the end).
    /// </summary>
    internal static class JournalChain
    {
        private const string Label = "gong-privacy journal chain v1";

        private static readonly Regex Sealed = new Regex(",\"chain\":\"(?<chain>[0-9a-f]{64})\"}$", RegexOptions.CultureInvariant);

        /// <summary>The chain's key: derived from the journal's key, so the subject hashes and the chain never share one.</summary>
        public static byte[] KeyFor(byte[] journalKey)
        {
            using var hmac = new HMACSHA256(journalKey);
            return hmac.ComputeHash(Encoding.ASCII.GetBytes(Label));
        }

        /// <summary>The link of one line after <paramref name="previous"/> (empty before the first).</summary>
        public static string Link(byte[] chainKey, string previous, string content)
        {
            using var hmac = new HMACSHA256(chainKey);
            return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(previous + "\n" + content))).ToLowerInvariant();
        }

        /// <summary>The line to write: the entry's JSON object with its link added as the last member.</summary>
        public static string Seal(string json, string chain) => json.Substring(0, json.Length - 1) + ",\"chain\":\"" + chain + "\"}";

        /// <summary>A line's content without its link, and the link (null for an entry from before the chain).</summary>
        public static (string Content, string? Chain) Split(string line)
        {
            var match = Sealed.Match(line);
            return match.Success ? (line.Substring(0, match.Index) + "}", match.Groups["chain"].Value) : (line, null);
        }

        /// <summary>
        /// Checks the chain over a journal's lines (each parsed or null when it is not an entry); throws the one error of a
        /// broken chain, naming the first bad line.
        /// </summary>
        public static ChainState Verify(string path, IReadOnlyList<(int Line, string Text, JournalEntry? Entry)> lines, byte[] chainKey)
        {
            var state = new ChainState();
            var head = string.Empty;
            long expected = 1;
            for (var i = 0; i < lines.Count; i++)
            {
                var (number, text, entry) = lines[i];
                if (entry == null)
                {
                    // Only a line cut short by a kill: the last line, or one closed and marked by the next entry.
                    if (i == lines.Count - 1)
                    {
                        state.CutLastLine = number;
                        continue;
                    }

                    if (lines[i + 1].Entry?.Event == JournalEvent.Repaired)
                    {
                        state.Repaired.Add(number);
                        continue;
                    }

                    throw Broken(path, number, "it is not a journal entry");
                }

                var (content, chain) = Split(text);
                if (chain == null)
                {
                    if (state.Chained > 0)
                    {
                        throw Broken(path, number, "it carries no chain value (written by hand, or by a gong-privacy older than the chain, after the chain began)");
                    }

                    state.BeforeChain++;
                    head = Link(chainKey, head, text);
                    continue;
                }

                if (entry.Number != expected)
                {
                    var due = expected;
                    var moved = entry.Number < expected || FindLater(lines, i + 1, n => n == due);
                    throw Broken(path, number, moved
                        ? "it holds entry " + Format(entry.Number) + " where entry " + Format(expected) + " was due: entries were moved, swapped or repeated"
                        : "it holds entry " + Format(entry.Number) + " where entry " + Format(expected) + " was due: an entry before it was deleted");
                }

                if (!string.Equals(Link(chainKey, head, content), chain, StringComparison.Ordinal))
                {
                    throw Broken(path, number, "its content does not match its chain value: it was edited after it was written, or the lines were reordered");
                }

                head = chain;
                expected++;
                state.Chained++;
            }

            state.Head = head;
            return state;
        }

        private static bool FindLater(IReadOnlyList<(int Line, string Text, JournalEntry? Entry)> lines, int from, Func<long?, bool> match)
        {
            for (var j = from; j < lines.Count; j++)
            {
                if (lines[j].Entry != null && match(lines[j].Entry!.Number))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Format(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "(none)";

        private static CliException Broken(string path, int line, string why) =>
            new CliException(ExitCodes.JournalTampered, "The journal " + path + " fails its integrity check at line " + line.ToString(CultureInfo.InvariantCulture) + ": " + why + ". Lines after it cannot be trusted; keep this copy for the audit, and nothing was sent.");
    }

    /// <summary>What a check of the chain found.</summary>
    internal sealed class ChainState
    {
        /// <summary>The last link: the journal's head, for a report (empty when no entry is chained).</summary>
        public string Head { get; set; } = string.Empty;

        /// <summary>Entries that carry a link.</summary>
        public long Chained { get; set; }

        /// <summary>Entries written before the chain existed, covered from the first link on.</summary>
        public int BeforeChain { get; set; }

        /// <summary>Lines cut short by a kill and closed by a <c>repaired</c> entry.</summary>
        public List<int> Repaired { get; } = new List<int>();

        /// <summary>A last line cut short (a run stopped while writing it, or one writing now), or 0.</summary>
        public int CutLastLine { get; set; }
    }
}
