using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// The append-only audit journal: one JSON object per line, forced to disk as it is written, so that a batch killed at
    /// any moment can be resumed; each entry carries its number and its chain link, and signed digests in
    /// <c>&lt;journal&gt;.digests</c> vouch for the entries (at the end of every run, every 1,000 entries, and for entries a run
    /// that did not end left, before anything new is written). Subjects are matched by a keyed hash under the journal's
    /// pseudonym key; digests are signed with its separate signing key (<see cref="JournalKeys"/>). One process at a time:
    /// an exclusive OS lock on <c>&lt;journal&gt;.lock</c> is held while the journal is open, and released by the OS when the
    /// process dies. A journal that fails its check is never written to.
    /// </summary>
    internal sealed partial class AuditJournal : IDisposable
    {
        /// <summary>Owner read and write only.</summary>
        internal const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private readonly FileStream _stream;
        private readonly FileStream _lock;
        private readonly JournalKeys _keys;
        private readonly TimeProvider _time;
        private readonly object _gate = new object();

        private AuditJournal(string path, FileStream stream, FileStream lockFile, JournalFile file, TimeProvider time)
        {
            Path = path;
            _stream = stream;
            _lock = lockFile;
            _keys = file.Keys!;
            _time = time;
            Existing = file.Entries;
            LastLineCut = file.Integrity.CutLastLine != 0;
            KeyId = _keys.PseudonymId;
            _link = file.Integrity.LastLink;
            _next = file.Integrity.Chained + 1;
            _lineHead = file.Integrity.LineHead;
            _position = file.Integrity.Entries;
            _digests = file.Integrity.Digests.Count;
            _covered = file.Integrity.CoveredTo;
            _previous = file.Integrity.Digests.Count == 0 ? string.Empty : file.Integrity.Digests[^1].Signature;
            _last = file.Integrity.Digests.Count == 0 ? null : file.Integrity.Digests[^1];
            _recover = file.Integrity.Uncovered != null || file.Integrity.CutLastLine != 0;
            _cutLine = file.Integrity.CutLastLine;
        }

        public string Path { get; }

        public IReadOnlyList<JournalEntry> Existing { get; }

        /// <summary>Whether the journal ended with a line cut short (a run killed while writing it); it was closed and marked.</summary>
        public bool LastLineCut { get; }

        /// <summary>The fingerprint of this journal's pseudonym key.</summary>
        public string KeyId { get; }

        /// <summary>Opens (or creates) the journal. Every check happens here, before anything is sent; with <paramref name="expectHead"/>, the journal must reach that head.</summary>
        public static AuditJournal Open(string path, Func<string, string?> environment, TimeProvider? time = null, string? expectHead = null)
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
                return OpenLocked(full, environment, clock, lockFile, expectHead);
            }
            catch
            {
                lockFile.Dispose();
                throw;
            }
        }

        /// <summary>The keyed hash of a subject: the same for every spelling of it, useless without the journal's pseudonym key.</summary>
        public string KeyOf(Subject subject) => KeyOf(_keys.Pseudonym, subject);

        /// <summary>The keyed hash of a subject under a given pseudonym key.</summary>
        internal static string KeyOf(byte[] key, Subject subject)
        {
            using var hmac = new HMACSHA256(key);
            var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(subject.KindName + ":" + subject.Canonical));
            return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
        }

        public void Dispose()
        {
            try
            {
                // Entries of a run that stopped on an error, after its last digest, are signed as the journal closes (never
                // a tail an earlier run left, when this run wrote nothing: that is signed only before this run's first entry).
                Sign("closed", null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
            {
                // Left uncovered: the next run signs them as recovered.
            }

            _stream.Dispose();
            _lock.Dispose();
            _keys.Dispose();
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
