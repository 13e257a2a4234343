using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>A journal's key: from <c>GONG_PRIVACY_JOURNAL_KEY</c> or <c>&lt;journal&gt;.key</c>, checked against the fingerprint the journal recorded.</summary>
    internal static class JournalKey
    {
        /// <summary>The journal's key, checked against the fingerprint the journal recorded; a new key only for a new journal.</summary>
        public static (byte[] Key, bool Created) Load(string journalPath, Func<string, string?> environment, string? recorded, bool journalHasEntries, bool create = true)
        {
            var keyPath = journalPath + ".key";
            var restore = " Restore the key from your backup (or set " + AuditJournal.KeyVariable + " to the value it was made from) and run again; without it rows cannot be matched, so nothing was sent.";
            var fromEnvironment = environment(AuditJournal.KeyVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                var derived = SHA256.HashData(Encoding.UTF8.GetBytes(fromEnvironment));
                if (recorded != null && AuditJournal.Fingerprint(derived) != recorded)
                {
                    throw new CliException(ExitCodes.Journal, "The key in " + AuditJournal.KeyVariable + " is not the key of the journal " + journalPath + " (fingerprint " + recorded + ")." + restore);
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

                if (recorded != null && AuditJournal.Fingerprint(key) != recorded)
                {
                    throw new CliException(ExitCodes.Journal, "The key " + keyPath + " was replaced: it is not the key the journal was made with (fingerprint " + recorded + ")." + restore);
                }

                return (key, false);
            }

            if (journalHasEntries || !create)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is missing." + restore);
            }

            var created = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = AuditJournal.Private;
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
