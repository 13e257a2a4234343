using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>One line of the audit journal (JSON Lines). It holds no raw email address or phone number.</summary>
    internal sealed class JournalEntry
    {
        [JsonProperty("ts")] public DateTimeOffset Timestamp { get; set; }

        /// <summary>One of <see cref="JournalEvents"/>.</summary>
        [JsonProperty("event")] public string Event { get; set; } = "";

        [JsonProperty("run", NullValueHandling = NullValueHandling.Ignore)] public string? Run { get; set; }

        [JsonProperty("action", NullValueHandling = NullValueHandling.Ignore)] public string? Action { get; set; }

        [JsonProperty("line", NullValueHandling = NullValueHandling.Ignore)] public int? Line { get; set; }

        [JsonProperty("kind", NullValueHandling = NullValueHandling.Ignore)] public string? Kind { get; set; }

        /// <summary>The subject, masked, for a person reading the journal.</summary>
        [JsonProperty("subject", NullValueHandling = NullValueHandling.Ignore)] public string? Subject { get; set; }

        /// <summary>A keyed hash (HMAC-SHA256) of the subject, to match rows on resume without keeping the value.</summary>
        [JsonProperty("key", NullValueHandling = NullValueHandling.Ignore)] public string? Key { get; set; }

        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)] public string? RequestId { get; set; }

        [JsonProperty("outcome", NullValueHandling = NullValueHandling.Ignore)] public string? Outcome { get; set; }

        [JsonProperty("status", NullValueHandling = NullValueHandling.Ignore)] public int? Status { get; set; }

        [JsonProperty("retryable", NullValueHandling = NullValueHandling.Ignore)] public bool? Retryable { get; set; }

        [JsonProperty("detail", NullValueHandling = NullValueHandling.Ignore)] public string? Detail { get; set; }

        [JsonProperty("counts", NullValueHandling = NullValueHandling.Ignore)] public Dictionary<string, int>? Counts { get; set; }

        [JsonProperty("source", NullValueHandling = NullValueHandling.Ignore)] public string? Source { get; set; }

        /// <summary>On a run's opening entry: where its calls went (a host, or "the embedded sandbox").</summary>
        [JsonProperty("host", NullValueHandling = NullValueHandling.Ignore)] public string? Host { get; set; }

        /// <summary>On a run's opening entry: <c>sandbox</c> or <c>production</c>.</summary>
        [JsonProperty("environment", NullValueHandling = NullValueHandling.Ignore)] public string? Environment { get; set; }

        /// <summary>On a run's opening entry: the user name of the operating-system account that ran it.</summary>
        [JsonProperty("operator", NullValueHandling = NullValueHandling.Ignore)] public string? Operator { get; set; }

        /// <summary>On a run's opening entry: the company (the controller) from <c>GONG_PRIVACY_CONTROLLER_NAME</c>, when set.</summary>
        [JsonProperty("company", NullValueHandling = NullValueHandling.Ignore)] public string? Company { get; set; }

        /// <summary>The fingerprint of the journal's key (an HMAC of a fixed label, never the key), on <c>journal-created</c>, <c>batch-start</c> and <c>resume</c>.</summary>
        [JsonProperty("keyId", NullValueHandling = NullValueHandling.Ignore)] public string? KeyId { get; set; }
    }

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
        private readonly object _gate = new object();

        private AuditJournal(string path, FileStream stream, FileStream lockFile, byte[] key, List<JournalEntry> existing, bool lastLineCut, bool legacy)
        {
            Path = path;
            _stream = stream;
            _lock = lockFile;
            _key = key;
            Existing = existing;
            LastLineCut = lastLineCut;
            Legacy = legacy;
            KeyId = Fingerprint(key);
        }

        public string Path { get; }

        public IReadOnlyList<JournalEntry> Existing { get; }

        /// <summary>Whether the journal ended with a line cut short (a run killed while writing it); it was closed and marked.</summary>
        public bool LastLineCut { get; }

        /// <summary>A journal written before the key fingerprint and the <c>sent</c> event existed.</summary>
        public bool Legacy { get; }

        /// <summary>The fingerprint of this journal's key.</summary>
        public string KeyId { get; }

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

        /// <summary>Appends one entry and forces it to disk before returning. Safe from several threads.</summary>
        public void Append(JournalEntry entry)
        {
            var bytes = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(entry, Settings) + "\n");
            lock (_gate)
            {
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush(true);
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
            catch (IOException)
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " is in use by another gong-privacy run (it holds " + lockPath + "); one batch per journal. Wait for that run to end. Nothing was sent.");
            }
            catch (UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Journal, "The journal's lock file " + lockPath + " cannot be created or opened (permission denied). Nothing was sent.");
            }
        }

        private static AuditJournal OpenLocked(string full, Func<string, string?> environment, TimeProvider clock, FileStream lockFile)
        {
            var existing = new List<JournalEntry>();
            var lastLineCut = false;
            if (File.Exists(full))
            {
                // A line cut short by a kill is the only damage expected: it is either the last line (repaired
                // below) or followed by the "repaired" entry an earlier run wrote when it found it.
                var number = 0;
                var cutLine = 0;
                foreach (var line in File.ReadLines(full))
                {
                    number++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    JournalEntry? entry = null;
                    try
                    {
                        entry = JsonConvert.DeserializeObject<JournalEntry>(line, Settings);
                    }
                    catch (JsonException)
                    {
                    }

                    if (cutLine != 0 && entry?.Event != JournalEvents.Repaired)
                    {
                        throw new CliException(ExitCodes.Journal, "The journal " + full + " is damaged at line " + cutLine + "; it is not a gong-privacy journal, or it was edited. Nothing was sent.");
                    }

                    cutLine = 0;
                    if (entry == null || entry.Event.Length == 0)
                    {
                        cutLine = number;
                        continue;
                    }

                    existing.Add(entry);
                }

                lastLineCut = cutLine != 0;
            }

            var recorded = existing.FirstOrDefault(e => e.KeyId != null)?.KeyId;
            var legacy = existing.Count > 0 && recorded == null;
            var (key, created) = LoadKey(full, environment, recorded, existing.Count > 0 || lastLineCut);

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

            var journal = new AuditJournal(full, stream, lockFile, key, existing, lastLineCut, legacy);
            if (lastLineCut)
            {
                // A line cut short by a kill is closed, so the next entry starts on a line of its own.
                if (LastByte(full) != (byte)'\n')
                {
                    lock (journal._gate)
                    {
                        stream.WriteByte((byte)'\n');
                    }
                }

                journal.Append(new JournalEntry { Timestamp = clock.GetUtcNow(), Event = JournalEvents.Repaired, Detail = "the line above was cut short by an interrupted run" });
            }

            if (created || (existing.Count == 0 && recorded == null))
            {
                journal.Append(new JournalEntry { Timestamp = clock.GetUtcNow(), Event = JournalEvents.Created, KeyId = journal.KeyId });
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

        /// <summary>The journal's key, checked against the fingerprint the journal recorded; a new key only for a new journal.</summary>
        private static (byte[] Key, bool Created) LoadKey(string journalPath, Func<string, string?> environment, string? recorded, bool journalHasEntries)
        {
            var keyPath = journalPath + ".key";
            var restore = " Restore the key from your backup (or set " + KeyVariable + " to the value it was made from) and run again; without it rows cannot be matched, so nothing was sent.";
            var fromEnvironment = environment(KeyVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                var derived = SHA256.HashData(Encoding.UTF8.GetBytes(fromEnvironment));
                if (recorded != null && Fingerprint(derived) != recorded)
                {
                    throw new CliException(ExitCodes.Journal, "The key in " + KeyVariable + " is not the key of the journal " + journalPath + " (fingerprint " + recorded + ")." + restore);
                }

                return (derived, false);
            }

            if (File.Exists(keyPath))
            {
                byte[] key;
                try
                {
                    key = Convert.FromBase64String(File.ReadAllText(keyPath).Trim());
                }
                catch (FormatException)
                {
                    throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is damaged (not the base64 of a 32-byte key)." + restore);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " cannot be read (" + ex.GetType().Name + ")." + restore);
                }

                if (key.Length != 32)
                {
                    throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is damaged (not the base64 of a 32-byte key)." + restore);
                }

                if (!journalHasEntries)
                {
                    throw new CliException(ExitCodes.Journal, "The key " + keyPath + " exists but its journal " + journalPath + " is missing or empty; it may belong to a journal that was moved or deleted, and is not reused. Restore that journal, or move the key away and start again. Nothing was sent.");
                }

                if (recorded != null && Fingerprint(key) != recorded)
                {
                    throw new CliException(ExitCodes.Journal, "The key " + keyPath + " was replaced: it is not the key the journal was made with (fingerprint " + recorded + ")." + restore);
                }

                return (key, false);
            }

            if (journalHasEntries)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is missing." + restore);
            }

            var created = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Private;
            }

            try
            {
                using var writer = new StreamWriter(keyPath, Encoding.ASCII, options);
                writer.Write(Convert.ToBase64String(created));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " cannot be created (" + ex.GetType().Name + "). Nothing was sent.");
            }

            return (created, true);
        }
    }
}
