using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using Newtonsoft.Json;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>The journal's writing: entries with their links, and the signed digests that vouch for them.</summary>
    internal sealed partial class AuditJournal
    {
        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None, Formatting = Formatting.None };

        private string _link;
        private long _next;
        private string _lineHead;
        private long _position;
        private int _digests;
        private long _covered;
        private string _previous;
        private JournalDigest? _last;
        private bool _recover;
        private int _cutLine;

        /// <summary>The journal's head: the SHA-256 of what the last digest signs, as a person keeps it (16 hex digits); empty before the first.</summary>
        public string Head
        {
            get
            {
                lock (_gate)
                {
                    return HeadLocked();
                }
            }
        }

        /// <summary>Appends one entry and forces it to disk before returning. Safe from several threads: one line at a time.</summary>
        public void Append(JournalEntry entry) => AppendAll(new[] { entry });

        /// <summary>
        /// Appends entries in one write forced to disk once; a digest follows every <see cref="JournalDigests.EveryEntries"/>
        /// entries. Before this run's first entry, the entries a run that did not end left are signed as recovered (their MACs
        /// were checked as the journal opened), and a line it cut short is closed and marked.
        /// </summary>
        public void AppendAll(IReadOnlyCollection<JournalEntry> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            lock (_gate)
            {
                RecoverLocked();
                WriteLocked(entries);
            }
        }

        /// <summary>Signs a digest of the entries no digest covers yet (at a run's end); the journal's head, as a person keeps it.</summary>
        public string Sign(string kind, string? run)
        {
            lock (_gate)
            {
                if (_recover && kind == "closed")
                {
                    // This run wrote nothing: an earlier run's tail stays as it is, for the next run that writes to sign.
                    return HeadLocked();
                }

                RecoverLocked();
                SignLocked(kind, run);
                return HeadLocked();
            }
        }

        /// <summary>
        /// Signs a 0.2.0 journal's existing chain as its first digest (<c>journal seal</c>): its key file gains a signing key
        /// (rewritten atomically; with a passphrase, the key is derived with a new salt the seal records). Nothing is sent.
        /// </summary>
        public static JournalIntegrity Seal(string path, Func<string, string?> environment, TimeProvider time)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " does not exist.");
            }

            using var lockFile = AcquireLock(full);
            var file = JournalFile.Read(full, environment, JournalReader.KeyHolder);
            using var keys = file.Keys!;
            if (file.Integrity.Signed)
            {
                return file.Integrity;
            }

            if (!file.Integrity.ChainedNotSigned || !file.Integrity.LegacyChainChecked)
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " carries no chain its key file checks, so there is nothing a seal could vouch for. Nothing was changed.");
            }

            var kdf = string.IsNullOrEmpty(environment(JournalKeys.Variable)) ? null : new JournalKdf(JournalKeys.Kdf, JournalKeys.KdfIterations, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
            keys.AddSigningKey(full, kdf, environment);
            var seal = JournalDigests.Sign(keys.Signer!, 1, "seal", null, 1, file.Integrity.Entries, file.Integrity.LineHead, string.Empty, time.GetUtcNow(), kdf);
            JournalDigests.Append(full, seal);
            return JournalFile.Read(full, environment, JournalReader.KeyHolder).Integrity;
        }

        /// <summary>Writes entries, each with its MAC under the writer's entry key and its link, forced to disk once.</summary>
        private void WriteLocked(IReadOnlyCollection<JournalEntry> entries)
        {
            var text = new StringBuilder();
            var link = _link;
            var lineHead = _lineHead;
            var next = _next;
            var macKey = _keys.EntryMacKey;
            foreach (var entry in entries)
            {
                entry.Number = next++;
                var json = JournalChain.WithMac(macKey, link, JsonConvert.SerializeObject(entry, Settings));
                link = JournalChain.PublicLink(link, json);
                var line = JournalChain.Seal(json, link);
                lineHead = JournalDigests.Link(lineHead, line);
                text.Append(line).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush(true);
            _link = link;
            _lineHead = lineHead;
            _position += next - _next;
            _next = next;
            if (_position - _covered >= JournalDigests.EveryEntries)
            {
                SignLocked("periodic", null);
            }
        }

        /// <summary>
        /// Once, before this run writes anything: the entries a run that did not end left after the last digest (checked as
        /// the journal opened: each carries a MAC under this journal's entry key, none is a run's end) are signed as
        /// recovered, and a line it cut short is closed and marked.
        /// </summary>
        private void RecoverLocked()
        {
            if (!_recover)
            {
                return;
            }

            _recover = false;
            SignLocked("recovered", null);
            if (_cutLine != 0)
            {
                // A line cut short by a kill is closed, so the next entry starts on a line of its own, and the repair is recorded.
                if (LastByte(Path) != (byte)'\n')
                {
                    _stream.WriteByte((byte)'\n');
                }

                WriteLocked(new[] { new JournalEntry { Timestamp = _time.GetUtcNow(), Event = JournalEvent.Repaired, Line = _cutLine, Detail = "line " + _cutLine.ToString(CultureInfo.InvariantCulture) + " was cut short by an interrupted run; it was closed and is outside the chain" } });
            }
        }

        private void SignLocked(string kind, string? run)
        {
            if (_position <= _covered)
            {
                return;
            }

            var digest = JournalDigests.Sign(_keys.Signer!, _digests + 1, kind, run, _covered + 1, _position, _lineHead, _previous, _time.GetUtcNow(), kdf: null);
            JournalDigests.Append(Path, digest);
            _digests++;
            _covered = _position;
            _previous = digest.Signature;
            _last = digest;
        }

        private string HeadLocked() => _last == null ? string.Empty : JournalDigests.ShortHead(_last);

        private static AuditJournal OpenLocked(string full, Func<string, string?> environment, TimeProvider clock, FileStream lockFile, string? expectHead)
        {
            var file = JournalFile.Read(full, environment, JournalReader.Writer, expectHead: expectHead);
            if (file.Integrity.ChainedNotSigned)
            {
                file.Keys?.Dispose();
                throw new CliException(ExitCodes.Journal, "The journal " + full + " was written by gong-privacy 0.2.0 and is chained, not signed. Sign what it holds first, once: 'gong-privacy journal seal --journal " + full + "'. Nothing was sent.");
            }

            try
            {
                CheckTail(full, file);
            }
            catch
            {
                file.Keys?.Dispose();
                throw;
            }

            FileStream stream;
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read, Options = FileOptions.WriteThrough };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = Private;
                }

                stream = new FileStream(full, options);
                if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & ~Private) != 0)
                {
                    // A journal from an older version was world-readable; it holds masked subjects and keyed hashes only, but it is the team's alone.
                    File.SetUnixFileMode(full, Private);
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                file.Keys?.Dispose();
                throw new CliException(ExitCodes.Journal, "The journal " + full + " cannot be written (" + ex.GetType().Name + "). Nothing was sent.");
            }

            // Entries a run that did not end left are signed as recovered before this run's first entry, not now: a run
            // refused before it writes anything leaves the journal as it found it.
            var journal = new AuditJournal(full, stream, lockFile, file, clock);
            if (file.Created)
            {
                journal.Append(new JournalEntry { Timestamp = clock.GetUtcNow(), Event = JournalEvent.JournalCreated, KeyId = journal.KeyId, SigningKeyId = journal._keys.SigningKeyId, Kdf = journal._keys.DerivedBy });
            }

            return journal;
        }

        /// <summary>
        /// The entries after the last digest are signed as recovered only if this journal's writer wrote them: each carries a
        /// MAC under the entry key only the writer holds (an editor can recompute the public chain, not the MAC), and none is
        /// a run's end (a run that ends always signs its digest, so a tail holding one is not what a killed run leaves).
        /// </summary>
        private static void CheckTail(string full, JournalFile file)
        {
            var macKey = file.Keys!.EntryMacKey;
            foreach (var tail in file.Tail)
            {
                var line = tail.Line.ToString(CultureInfo.InvariantCulture);
                if (!JournalChain.MacHolds(macKey, tail.Previous, tail.Content))
                {
                    throw JournalCheck.Unvouched(full, "line " + line + " was not written with this journal's key: entries after the last digest cannot be vouched for (they were added or changed after the last signed digest, or written by a version before entries carried the writer's MAC)");
                }

                if (tail.Entry.Event == JournalEvent.RunEnd)
                {
                    throw JournalCheck.Unvouched(full, "line " + line + " ends a run after the last digest, and a run that ends always signs its digest: this is not what a killed run leaves, and entries after the last digest cannot be vouched for");
                }
            }
        }
    }
}
