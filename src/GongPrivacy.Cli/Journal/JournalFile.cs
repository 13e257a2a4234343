using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// A journal as read from disk, without locking or changing it: its entries, its key (checked against the fingerprint
    /// it recorded) and its chain, checked. Every check happens here, before anything is sent or reported.
    /// </summary>
    internal sealed class JournalFile
    {
        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        private JournalFile(List<JournalEntry> entries, ChainState chain, byte[]? key, bool keyCreated, string? recordedKeyId)
        {
            Entries = entries;
            Chain = chain;
            Key = key ?? Array.Empty<byte>();
            KeyCreated = keyCreated;
            RecordedKeyId = recordedKeyId;
        }

        public List<JournalEntry> Entries { get; }

        public ChainState Chain { get; }

        public byte[] Key { get; }

        /// <summary>Whether a new key was made (a new journal).</summary>
        public bool KeyCreated { get; }

        /// <summary>The key fingerprint the journal recorded, if any.</summary>
        public string? RecordedKeyId { get; }


        /// <summary>Reads and checks a journal; <paramref name="create"/> makes a key for a new journal (never for <c>report</c>).</summary>
        public static JournalFile Read(string path, Func<string, string?> environment, bool create)
        {
            var lines = new List<(int Line, string Text, JournalEntry? Entry)>();
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var number = 0;
                string? text;
                while ((text = reader.ReadLine()) != null)
                {
                    number++;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        lines.Add((number, text, Parse(text)));
                    }
                }
            }

            var written = lines.Where(l => l.Entry != null).Select(l => l.Entry!).ToList();
            var recorded = written.FirstOrDefault(e => e.KeyId != null)?.KeyId;

            // Entries of 0.2.0 are read in this version's vocabulary; the lines stay as written (the chain covers them).
            var entries = LegacyEntries.Read(written, beforeSent: written.Count > 0 && recorded == null);
            if (!create && !lines.Any(l => l.Entry != null && JournalChain.Split(l.Text).Chain != null))
            {
                // Written before the chain existed, and only read: there is nothing to check it with.
                var unchained = new ChainState { BeforeChain = entries.Count, CutLastLine = lines.Count > 0 && lines[^1].Entry == null ? lines[^1].Line : 0 };
                return new JournalFile(entries, unchained, null, false, recorded);
            }

            var (key, created) = JournalKey.Load(path, environment, recorded, lines.Count > 0, create);
            var chain = JournalChain.Verify(path, lines, JournalChain.KeyFor(key));
            return new JournalFile(entries, chain, key, created, recorded);
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
