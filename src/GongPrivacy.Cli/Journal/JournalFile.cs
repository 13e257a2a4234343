using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using GongPrivacy.Cli.Commands;
using Newtonsoft.Json;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>Whose check a read is: the writer's (the key file or passphrase, creating keys for a new journal), or an auditor's with a public key.</summary>
    internal enum JournalReader
    {
        /// <summary>A run about to write: its keys (made for a new journal), checked against what the journal recorded.</summary>
        Writer,

        /// <summary>A report or check where the journal's keys are: the public key comes from them.</summary>
        KeyHolder,

        /// <summary>An auditor: the public key given (<c>--public-key</c>), no secret at all.</summary>
        Auditor,
    }

    /// <summary>An entry after the last digest: its line (from 1), its content without its link, the link before it, and the entry.</summary>
    internal sealed record TailEntry(int Line, string Content, string Previous, JournalEntry Entry);

    /// <summary>
    /// A journal as read from disk, without locking or changing it: its entries (those of 0.2.0 read in this version's
    /// vocabulary), and what its check found (<see cref="JournalCheck"/>). Every check happens here, before anything is sent
    /// or reported.
    /// </summary>
    internal sealed class JournalFile
    {
        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        private JournalFile(List<JournalEntry> entries, JournalIntegrity integrity, JournalKeys? keys, bool created, List<TailEntry> tail)
        {
            Tail = tail;
            Entries = entries;
            Integrity = integrity;
            Keys = keys;
            Created = created;
        }

        public List<JournalEntry> Entries { get; }

        public JournalIntegrity Integrity { get; }

        /// <summary>The journal's keys (a writer's or a key holder's read), or null (an auditor's).</summary>
        public JournalKeys? Keys { get; }

        /// <summary>Whether the journal is new (no entry yet) and its keys were just made.</summary>
        public bool Created { get; }

        /// <summary>The entries after the last digest (what a run that did not end left), each with the link before it: what the writer checks before it signs them as recovered.</summary>
        public IReadOnlyList<TailEntry> Tail { get; }

        /// <summary>Reads and checks a journal: by its writer (<see cref="JournalReader.Writer"/>), its key holder, or an auditor with <paramref name="publicKey"/>.</summary>
        public static JournalFile Read(string path, Func<string, string?> environment, JournalReader reader, ECDsa? publicKey = null, string? publicKeySource = null, string? expectHead = null)
        {
            var lines = ReadLines(path);
            var written = lines.Where(l => l.Entry != null).Select(l => l.Entry!).ToList();
            var opening = written.FirstOrDefault(e => e.Event == JournalEvent.JournalCreated);
            var recordedKeyId = written.FirstOrDefault(e => e.KeyId != null)?.KeyId;
            var digests = JournalDigests.Read(path);
            var seal = digests.Select(d => d.Digest).FirstOrDefault(d => d?.Kind == "seal");
            var signedJournal = opening?.SigningKeyId != null || digests.Count > 0;

            // A journal of 0.1.0 had no key file, no chain and no digests: its key holder can still report on it (nothing vouches for it).
            var unkeyed = reader != JournalReader.Auditor && written.Count > 0 && recordedKeyId == null && digests.Count == 0 && !File.Exists(path + ".key")
                && string.IsNullOrEmpty(environment(JournalKeys.Variable)) && lines.All(l => JournalChain.Split(l.Text).Chain == null);
            if (unkeyed && reader == JournalReader.Writer)
            {
                throw new CliException(ExitCodes.JournalTampered, "The journal " + path + " carries neither a chain nor a signed digest (written by gong-privacy 0.1.0, or stripped of them): nothing vouches for it, and nothing is written onto it. Keep it as it is ('report' still reads it) and start a new journal. Nothing was sent.");
            }

            JournalKeys? keys = null;
            if (reader != JournalReader.Auditor && !unkeyed)
            {
                if (!string.IsNullOrEmpty(environment(JournalKeys.Variable)))
                {
                    CheckKdf(path, lines, digests, opening, seal);
                }

                keys = JournalKeys.Load(path, environment, opening?.Kdf, seal?.Kdf, written.Count > 0, create: reader == JournalReader.Writer);
                CheckKeys(path, keys, recordedKeyId, opening?.SigningKeyId ?? digests.Select(d => d.Digest?.Key).FirstOrDefault(k => k != null));
                publicKey = keys.Signer;
                publicKeySource = "the key file beside the journal";
            }

            var integrity = JournalCheck.Run(path, lines, digests, new JournalCheckKeys(publicKey, publicKeySource, keys?.LegacyChainKey), signedJournal, signedJournal || recordedKeyId != null || keys != null, expectHead);
            var entries = LegacyEntries.Read(written, beforeSent: written.Count > 0 && recordedKeyId == null);
            return new JournalFile(entries, integrity, keys, written.Count == 0 && reader == JournalReader.Writer, TailOf(lines, integrity));
        }

        /// <summary>The entries no digest covers, each with its line, its content (without its link), and the link before it.</summary>
        private static List<TailEntry> TailOf(List<(int Line, string Text, JournalEntry? Entry)> lines, JournalIntegrity integrity)
        {
            var tail = new List<TailEntry>();
            if (integrity.Uncovered == null)
            {
                return tail;
            }

            long position = 0;
            var previous = string.Empty;
            foreach (var (line, text, entry) in lines)
            {
                if (entry == null)
                {
                    continue;
                }

                position++;
                var (content, chain) = JournalChain.Split(text);
                if (position > integrity.CoveredTo)
                {
                    tail.Add(new TailEntry(line, content, previous, entry));
                }

                previous = chain ?? string.Empty;
            }

            return tail;
        }

        /// <summary>The path of a journal that must already exist (a report or a check), or the one error, exit 6.</summary>
        public static string Existing(string path) =>
            File.Exists(path) ? path : throw new CliException(ExitCodes.Journal, "The journal " + path + " does not exist.");

        /// <summary>A journal's lines (from 1), each parsed as an entry or null when it is not one.</summary>
        internal static List<(int Line, string Text, JournalEntry? Entry)> ReadLines(string path)
        {
            var lines = new List<(int, string, JournalEntry?)>();
            if (!File.Exists(path))
            {
                return lines;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = new StreamReader(stream);
            var number = 0;
            string? line;
            while ((line = text.ReadLine()) != null)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines.Add((number, line, Parse(line)));
                }
            }

            return lines;
        }

        /// <summary>The key derivation the journal records (its opening, or its seal's digest), bounded before a passphrase goes through it.</summary>
        private static void CheckKdf(string path, List<(int Line, string Text, JournalEntry? Entry)> lines, List<(int Line, JournalDigest? Digest)> digests, JournalEntry? opening, JournalDigest? seal)
        {
            if (opening?.Kdf is JournalKdf created)
            {
                var line = lines.First(l => ReferenceEquals(l.Entry, opening)).Line;
                created.Checked("The journal " + path, "line " + line.ToString(CultureInfo.InvariantCulture) + " (its journal-created entry's kdf)");
            }

            if (seal?.Kdf is JournalKdf sealKdf)
            {
                var line = digests.First(d => ReferenceEquals(d.Digest, seal)).Line;
                sealKdf.Checked("The journal " + path, "its seal (line " + line.ToString(CultureInfo.InvariantCulture) + " of " + Path.GetFileName(JournalDigests.PathOf(path)) + ")'s kdf");
            }
        }

        /// <summary>
        /// The keys must be the ones the journal was made with: another pseudonym key cannot match its rows, and another
        /// signing key cannot have signed its digests; either means the key file was replaced (or the wrong passphrase is set).
        /// </summary>
        private static void CheckKeys(string path, JournalKeys keys, string? recordedKeyId, string? recordedSigningKey)
        {
            var restore = " Restore the journal's own key file (or set " + JournalKeys.Variable + " to the passphrase it was made from); nothing was sent or written.";
            if (recordedKeyId != null && keys.PseudonymId != recordedKeyId)
            {
                throw new CliException(ExitCodes.JournalTampered, "The journal " + path + " was made with key " + recordedKeyId + ", and its key file (or passphrase) holds key " + keys.PseudonymId + ": the key file was replaced, or the passphrase is another." + restore);
            }

            if (recordedSigningKey != null && keys.SigningKeyId != null && keys.SigningKeyId != recordedSigningKey)
            {
                throw new CliException(ExitCodes.JournalTampered, "The journal " + path + " is signed by key " + recordedSigningKey + ", and its key file holds signing key " + keys.SigningKeyId + ": the key file was replaced." + restore);
            }
        }

        private static JournalEntry? Parse(string line)
        {
            try
            {
                var entry = JsonConvert.DeserializeObject<JournalEntry>(line, Settings);
                return entry == null || entry.EventName.Length == 0 ? null : entry;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
