using System;
using System.Collections.Generic;
using System.IO;
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

        /// <summary>batch-start, start, done, failed, invalid, duplicate, in-doubt, quota-stop, erase (single), batch-end.</summary>
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
    }

    /// <summary>
    /// The append-only audit journal: one JSON object per line, written and flushed to disk before and after every
    /// call, so that a batch killed at any moment can be resumed. Subjects are matched by a keyed hash; the key lives
    /// in <c>&lt;journal&gt;.key</c> (readable by its owner only) or in <c>GONG_PRIVACY_JOURNAL_KEY</c>.
    /// </summary>
    internal sealed class AuditJournal : IDisposable
    {
        public const string KeyVariable = "GONG_PRIVACY_JOURNAL_KEY";

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            Formatting = Formatting.None,
        };

        private readonly FileStream _stream;
        private readonly byte[] _key;

        private AuditJournal(string path, FileStream stream, byte[] key, List<JournalEntry> existing)
        {
            Path = path;
            _stream = stream;
            _key = key;
            Existing = existing;
        }

        public string Path { get; }

        public IReadOnlyList<JournalEntry> Existing { get; }

        /// <summary>Opens (or creates) the journal. Every check happens here, before anything is sent.</summary>
        public static AuditJournal Open(string path, Func<string, string?> environment)
        {
            var full = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(full)!;
            if (!Directory.Exists(folder))
            {
                throw new CliException(ExitCodes.Journal, "The journal's folder does not exist: " + folder + ". Create it first; nothing was sent.");
            }

            if (File.Exists(full) && IsReadOnly(full))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " is read-only; an audit journal must be appendable. Nothing was sent.");
            }

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

                    if (cutLine != 0 && entry?.Event != "repaired")
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

            FileStream stream;
            try
            {
                stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw new CliException(ExitCodes.Journal, "The journal " + full + " cannot be written (" + ex.GetType().Name + "). Nothing was sent.");
            }

            // A line cut short by a kill is closed, so the next entry starts on a line of its own.
            var journal = new AuditJournal(full, stream, LoadKey(full, environment), existing);
            if (lastLineCut)
            {
                if (LastByte(full) != (byte)'\n')
                {
                    stream.WriteByte((byte)'\n');
                }

                journal.Append(new JournalEntry { Timestamp = DateTimeOffset.UtcNow, Event = "repaired", Detail = "the line above was cut short by an interrupted run" });
            }

            return journal;
        }

        /// <summary>The keyed hash of a subject: the same for every spelling of it, useless without the key.</summary>
        public string KeyOf(Subject subject)
        {
            using var hmac = new HMACSHA256(_key);
            var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(subject.KindName + ":" + subject.Canonical));
            return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
        }

        /// <summary>Appends one entry and forces it to disk before returning.</summary>
        public void Append(JournalEntry entry)
        {
            var bytes = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(entry, Settings) + "\n");
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush(true);
        }

        public void Dispose() => _stream.Dispose();

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

        private static byte[] LoadKey(string journalPath, Func<string, string?> environment)
        {
            var fromEnvironment = environment(KeyVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return SHA256.HashData(Encoding.UTF8.GetBytes(fromEnvironment));
            }

            var keyPath = journalPath + ".key";
            if (File.Exists(keyPath))
            {
                return Convert.FromBase64String(File.ReadAllText(keyPath).Trim());
            }

            var key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(keyPath, Encoding.ASCII, options))
            {
                writer.Write(Convert.ToBase64String(key));
            }

            return key;
        }
    }
}
