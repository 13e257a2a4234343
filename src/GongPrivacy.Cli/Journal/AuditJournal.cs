using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// The append-only audit journal: one JSON object per line, forced to disk as it is written, so that a batch killed
    /// at any moment can be resumed. Subjects are matched by a keyed hash; the key lives in <c>&lt;journal&gt;.key</c>
    /// (owner-only) or in <c>GONG_PRIVACY_JOURNAL_KEY</c>, and the journal records the key's fingerprint, so that a
    /// missing, replaced or damaged key is refused instead of silently starting over. One process at a time: an
    /// exclusive OS lock on <c>&lt;journal&gt;.lock</c> is held while the journal is open, and released by the OS when
    /// the process dies.
    /// </summary>
    internal sealed class AuditJournal : IDisposable
    {
        public const string KeyVariable = "GONG_PRIVACY_JOURNAL_KEY";

        /// <summary>Owner read and write only.</summary>
        internal const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private const string FingerprintLabel = "gong-privacy journal key fingerprint v1";

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            Formatting = Formatting.None,
        };

        private readonly FileStream _stream;
        private readonly FileStream _lock;
        private readonly byte[] _key;
        private readonly byte[] _chainKey;
        private readonly object _gate = new object();
        private string _head;
        private long _next;

        private AuditJournal(string path, FileStream stream, FileStream lockFile, byte[] key, JournalFile file)
        {
            Path = path;
            _stream = stream;
            _lock = lockFile;
            _key = key;
            _chainKey = JournalChain.KeyFor(key);
            Existing = file.Entries;
            LastLineCut = file.Chain.CutLastLine != 0;
            KeyId = Fingerprint(key);
            _head = file.Chain.Head;
            _next = file.Chain.Chained + 1;
        }

        public string Path { get; }

        public IReadOnlyList<JournalEntry> Existing { get; }

        /// <summary>Whether the journal ended with a line cut short (a run killed while writing it); it was closed and marked.</summary>
        public bool LastLineCut { get; }


        /// <summary>The fingerprint of this journal's key.</summary>
        public string KeyId { get; }

        /// <summary>The chain's head: the last entry's link.</summary>
        public string Head
        {
            get
            {
                lock (_gate)
                {
                    return _head;
                }
            }
        }

        /// <summary>Opens (or creates) the journal. Every check happens here, before anything is sent.</summary>
        public static AuditJournal Open(string path, Func<string, string?> environment, TimeProvider? time = null)
        {
            var clock = time ?? TimeProvider.System;
            var full = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(full)!;
            if (!Directory.Exists(folder))
            {
                throw new CliException(ExitCodes.Journal, "The journal's folder does not exist: " + folder + ". Create it first; nothing was sent.");
            }

            if (Directory.Exists(full))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " is a folder; give a file name. Nothing was sent.");
            }

            if (File.Exists(full) && IsReadOnly(full))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " is read-only; an audit journal must be appendable. Nothing was sent.");
            }

            var lockFile = AcquireLock(full);
            try
            {
                return OpenLocked(full, environment, clock, lockFile);
            }
            catch
            {
                lockFile.Dispose();
                throw;
            }
        }

        /// <summary>The keyed hash of a subject: the same for every spelling of it, useless without the key.</summary>
        public string KeyOf(Subject subject) => KeyOf(_key, subject);

        /// <summary>The keyed hash of a subject under a given key.</summary>
        internal static string KeyOf(byte[] key, Subject subject)
        {
            using var hmac = new HMACSHA256(key);
            var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(subject.KindName + ":" + subject.Canonical));
            return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
        }

        /// <summary>The fingerprint of a key: an HMAC of a fixed label, which identifies the key without revealing it.</summary>
        internal static string Fingerprint(byte[] key)
        {
            using var hmac = new HMACSHA256(key);
            return Convert.ToHexString(hmac.ComputeHash(Encoding.ASCII.GetBytes(FingerprintLabel)), 0, 8).ToLowerInvariant();
        }

        /// <summary>Appends one entry, chained, and forces it to disk before returning. Safe from several threads: one line at a time.</summary>
        public void Append(JournalEntry entry) => AppendAll(new[] { entry });

        /// <summary>Appends entries, chained, in one write forced to disk once.</summary>
        public void AppendAll(IReadOnlyCollection<JournalEntry> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            lock (_gate)
            {
                var text = new StringBuilder();
                var head = _head;
                var next = _next;
                foreach (var entry in entries)
                {
                    entry.Number = next++;
                    var json = JsonConvert.SerializeObject(entry, Settings);
                    head = JournalChain.Link(_chainKey, head, json);
                    text.Append(JournalChain.Seal(json, head)).Append('\n');
                }

                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush(true);
                _head = head;
                _next = next;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _lock.Dispose();
        }

        private static FileStream AcquireLock(string full)
        {
            var lockPath = full + ".lock";
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Private;
            }

            try
            {
                // FileShare.None is an exclusive lock: flock(LOCK_EX) on Linux and macOS, a share mode on Windows.
                // The OS drops it when the process ends, however it ends.
                return new FileStream(lockPath, options);
            }
            catch (IOException ex) when (IsLockConflict(ex))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " is in use by another gong-privacy run (it holds " + lockPath + "); one batch per journal. Wait for that run to end. Nothing was sent.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Not another run: the folder cannot take the lock file (read-only, a read-only file system, permissions).
                var folder = System.IO.Path.GetDirectoryName(full);
                var fix = File.Exists(lockPath) ? "the lock file must be writable (it is left from an earlier run and may be deleted when no run is using the journal)" : "the folder " + folder + " must be writable";
                throw new CliException(ExitCodes.Journal, "The journal's lock file " + lockPath + " cannot be created or opened (" + (ex is UnauthorizedAccessException ? "permission denied" : FirstSentence(ex.Message)) + "): " + fix + ". Nothing was sent.");
            }
        }

        /// <summary>An exclusive lock held by another process, as opposed to a folder that cannot take the file.</summary>
        private static bool IsLockConflict(IOException ex) =>
            ex.HResult == unchecked((int)0x80070020) || ex.HResult == unchecked((int)0x80070021) || ex.HResult == 11 || ex.Message.Contains("being used by another process", StringComparison.Ordinal);

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message.TrimEnd('.')).Replace('\n', ' ');
        }

        private static AuditJournal OpenLocked(string full, Func<string, string?> environment, TimeProvider clock, FileStream lockFile)
        {
            var file = JournalFile.Read(full, environment, create: true);
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
                throw new CliException(ExitCodes.Journal, "The journal " + full + " cannot be written (" + ex.GetType().Name + "). Nothing was sent.");
            }

            var journal = new AuditJournal(full, stream, lockFile, file.Key, file);
            if (file.Chain.CutLastLine != 0)
            {
                // A line cut short by a kill is closed, so the next entry starts on a line of its own, and the repair is recorded.
                if (LastByte(full) != (byte)'\n')
                {
                    lock (journal._gate)
                    {
                        stream.WriteByte((byte)'\n');
                    }
                }

                journal.Append(new JournalEntry { Timestamp = clock.GetUtcNow(), Event = JournalEvent.Repaired, Line = file.Chain.CutLastLine, Detail = "line " + file.Chain.CutLastLine.ToString(System.Globalization.CultureInfo.InvariantCulture) + " was cut short by an interrupted run; it was closed and is outside the chain" });
            }

            if (file.KeyCreated || (file.Entries.Count == 0 && file.RecordedKeyId == null))
            {
                journal.Append(new JournalEntry { Timestamp = clock.GetUtcNow(), Event = JournalEvent.JournalCreated, KeyId = journal.KeyId });
            }

            return journal;
        }

        private static bool IsReadOnly(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0;
            }

            // Checked by mode, not by trying: root can write to a file its owner marked read-only.
            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
        }

        private static byte LastByte(string path)
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (read.Length == 0)
            {
                return (byte)'\n';
            }

            read.Seek(-1, SeekOrigin.End);
            return (byte)read.ReadByte();
        }
    }
}
