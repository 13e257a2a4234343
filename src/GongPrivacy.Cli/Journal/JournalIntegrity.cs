using System;
using System.Collections.Generic;
using System.Linq;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>What the check of a journal found: one object every report and command reads to say what was checked.</summary>
    internal sealed class JournalIntegrity
    {
        /// <summary>Entries read (lines cut short by a kill are not entries).</summary>
        public long Entries { get; set; }

        /// <summary>Entries written before the chain existed (a journal of 0.1.0), at its beginning.</summary>
        public int BeforeChain { get; set; }

        /// <summary>Lines cut short by a kill and closed by a <c>repaired</c> entry.</summary>
        public List<int> Repaired { get; } = new List<int>();

        /// <summary>A last line cut short (a run stopped while writing it, or one writing now), or 0.</summary>
        public int CutLastLine { get; set; }

        /// <summary>The signed digests, verified, in order.</summary>
        public List<JournalDigest> Digests { get; } = new List<JournalDigest>();

        /// <summary>The last entry a signed digest covers (0: none).</summary>
        public long CoveredTo => Digests.Count == 0 ? 0 : Digests[^1].To;

        /// <summary>Entries after the last digest: written by a run that did not end (or by one writing now); null when none.</summary>
        public (long From, long To)? Uncovered => Entries > CoveredTo && Signed ? (CoveredTo + 1, Entries) : null;

        /// <summary>Whether the journal is kept with signed digests (written by this version, or sealed).</summary>
        public bool Signed { get; set; }

        /// <summary>A journal of 0.2.0, not sealed: chained with an HMAC, no signature.</summary>
        public bool ChainedNotSigned { get; set; }

        /// <summary>Whether the 0.2.0 HMAC chain of its older lines was checked (it needs the journal's key file).</summary>
        public bool LegacyChainChecked { get; set; }

        /// <summary>Entries chained, for a journal of 0.2.0.</summary>
        public long Chained { get; set; }

        /// <summary>The fingerprint of the public key the digests were checked with.</summary>
        public string? KeyId { get; set; }

        /// <summary>Where that public key came from: the key file beside the journal, or <c>--public-key</c>.</summary>
        public string? KeySource { get; set; }

        /// <summary>The journal's head: the SHA-256 of what the last digest signs (or, for 0.2.0, its chain's last link).</summary>
        public string Head => Digests.Count > 0 ? JournalDigests.FullHead(Digests[^1]) : LastLink;

        /// <summary>The head as a person keeps it: 16 hex digits.</summary>
        public string ShortHead => Digests.Count > 0 ? JournalDigests.ShortHead(Digests[^1]) : LastLink.Length >= 16 ? LastLink.Substring(0, 16) : LastLink;

        /// <summary>The last entry's chain link (what the next entry's link follows).</summary>
        public string LastLink { get; set; } = string.Empty;

        /// <summary>The hash chain over every entry line, at the last entry (what the next digest's head follows).</summary>
        public string LineHead { get; set; } = string.Empty;

        /// <summary>What was checked, in one sentence for every report.</summary>
        public string Describe()
        {
            if (Signed && Digests.Count > 0)
            {
                var kinds = Digests.GroupBy(d => d.Kind).Select(g => g.Count() + " " + g.Key).ToList();
                return "signed: digests 1-" + Digests.Count + " verified (" + string.Join(", ", kinds) + "), covering entries 1-" + CoveredTo + " of " + Entries
                    + ", signed by key " + KeyId + " (checked with the public key of " + KeySource + "), the last at " + Digests[^1].At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
                    + (Repaired.Count > 0 ? "; repaired: " + string.Join(", ", Repaired.Select(l => "line " + l + " cut short by an interrupted run")) : string.Empty);
            }

            if (Signed)
            {
                return "signed journal, no digest yet: its first run has not ended";
            }

            if (ChainedNotSigned)
            {
                return "chained, not signed: written by gong-privacy 0.2.0, its " + Chained + " entries carry an HMAC chain " + (LegacyChainChecked ? "that holds" : "not checked here (it needs the key file)")
                    + "; an editor with the key file could rewrite it. 'gong-privacy journal seal' signs it";
            }

            return "not chained: written before the journal was chained, so a change to it cannot be detected";
        }

        /// <summary>
        /// Why the journal is not vouched for although nothing in it was found changed, in one sentence, or null when it is:
        /// entries no signed digest covers, or no signature at all (and no 0.2.0 chain checked with its key file).
        /// </summary>
        public string? Shortfall(string path)
        {
            if (Uncovered is (long from, long to))
            {
                return "The journal " + path + " is not covered by a signature after entry " + (from - 1) + ": entries " + from + "-" + to + " were written after the last signed digest (by a run that did not end, or one writing now). The next run on it signs them as recovered; until then nothing vouches for them.";
            }

            if (Signed || LegacyChainChecked)
            {
                return null;
            }

            if (Entries == 0)
            {
                return NoDigest(path);
            }

            return ChainedNotSigned
                ? "The journal " + path + " carries no signed digest, and its 0.2.0 chain can be checked only with its key file: nothing here vouches for it. Its keeper signs it once with 'gong-privacy journal seal'."
                : "The journal " + path + " carries neither a chain nor a signed digest (written by gong-privacy 0.1.0, or stripped of them): nothing vouches for it.";
        }

        /// <summary>The one sentence of a journal with no entry and no digest (empty, or a line that is not an entry): nothing vouches for it.</summary>
        public static string NoDigest(string path) => "The journal " + path + " holds no signed digest: nothing vouches for it (it is empty, or holds no journal entry).";

        /// <summary>What no signature covers, in one sentence, or null.</summary>
        public string? DescribeUncovered() => Uncovered is (long from, long to)
            ? "NOT COVERED: entries " + from + "-" + to + " were written after the last signed digest (by a run that did not end, or one writing now); nothing vouches for them until the next run signs them as recovered"
            : null;
    }
}
