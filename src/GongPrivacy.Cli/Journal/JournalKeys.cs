using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>
    /// A journal's two keys, for two jobs: the <b>pseudonym key</b> (HMAC-SHA256 of each subject, to match rows on resume)
    /// and the <b>signing key</b> (ECDSA P-256, from .NET: it signs the digests an auditor checks with its public key).
    /// Neither is derivable from the other. They live together in <c>&lt;journal&gt;.key</c>, owner-only, written atomically
    /// and forced to disk before the journal's first entry; or they are derived from <c>GONG_PRIVACY_JOURNAL_KEY</c> by
    /// PBKDF2-HMAC-SHA256 (OWASP's 600,000 iterations) with a random salt, whose parameters the journal records. A key file of
    /// 0.2.0 (one 32-byte key, base64) holds a pseudonym key only, which also keyed its HMAC chain: such a journal is
    /// "chained, not signed" until <c>journal seal</c> adds a signing key.
    /// </summary>
    internal sealed class JournalKeys : IDisposable
    {
        public const string Variable = "GONG_PRIVACY_JOURNAL_KEY";
        public const string Kdf = "PBKDF2-HMAC-SHA256";
        public const int KdfIterations = 600_000;
        private const string FileFormat = "gong-privacy journal keys v2";
        private const string FingerprintLabel = "gong-privacy journal key fingerprint v1";
        private const string EntryMacLabel = "gong-privacy journal entry mac v1";

        private byte[]? _entryMacKey;

        private JournalKeys(byte[] pseudonym, ECDsa? signer, bool legacy, JournalKdf? kdf)
        {
            Pseudonym = pseudonym;
            Signer = signer;
            Legacy = legacy;
            DerivedBy = kdf;
            LegacyChainKey = legacy ? JournalChain.KeyFor(pseudonym) : null;
        }

        /// <summary>The key of the subjects' keyed hashes.</summary>
        public byte[] Pseudonym { get; }

        /// <summary>The signing key; null for a 0.2.0 journal not sealed yet.</summary>
        public ECDsa? Signer { get; private set; }

        /// <summary>A key of 0.2.0 (its entries carry an HMAC chain under a key derived from the pseudonym key).</summary>
        public bool Legacy { get; }

        /// <summary>The HMAC chain key of a 0.2.0 journal's lines, or null.</summary>
        public byte[]? LegacyChainKey { get; }

        /// <summary>How a passphrase was turned into these keys, or null for a key file.</summary>
        public JournalKdf? DerivedBy { get; }

        /// <summary>
        /// The key of each entry's MAC (HKDF-SHA256 of the pseudonym key under its own label): only the writer holds it, so an
        /// entry after the last digest that carries a MAC under it was written by this journal's writer, not added by an editor.
        /// </summary>
        public byte[] EntryMacKey => _entryMacKey ??= HKDF.DeriveKey(HashAlgorithmName.SHA256, Pseudonym, 32, salt: Array.Empty<byte>(), info: Encoding.ASCII.GetBytes(EntryMacLabel));

        /// <summary>The pseudonym key's fingerprint (an HMAC of a fixed label: it identifies the key without revealing it).</summary>
        public string PseudonymId => Fingerprint(Pseudonym);

        /// <summary>The signing key's fingerprint, or null.</summary>
        public string? SigningKeyId => Signer == null ? null : PublicKeyId(Signer);

        /// <summary>A key's fingerprint: the first 16 hex digits of an HMAC of a fixed label under it.</summary>
        public static string Fingerprint(byte[] key)
        {
            using var hmac = new HMACSHA256(key);
            return Convert.ToHexString(hmac.ComputeHash(Encoding.ASCII.GetBytes(FingerprintLabel)), 0, 8).ToLowerInvariant();
        }

        /// <summary>A public key's fingerprint: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
        public static string PublicKeyId(ECDsa key) => Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), 0, 8).ToLowerInvariant();

        /// <summary>
        /// The journal's keys: from <see cref="Variable"/> (derived as <paramref name="kdf"/> says, a new salt for a new
        /// journal), or from the key file; a new key file only for a new journal, and never over one that is there.
        /// </summary>
        public static JournalKeys Load(string journalPath, Func<string, string?> environment, JournalKdf? kdf, JournalKdf? sealKdf, bool journalHasEntries, bool create)
        {
            var passphrase = environment(Variable);
            if (!string.IsNullOrEmpty(passphrase))
            {
                if (kdf != null || !journalHasEntries)
                {
                    return FromPassphrase(passphrase, kdf ?? new JournalKdf(Kdf, KdfIterations, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
                }

                // A journal of 0.2.0 keyed by a passphrase: one SHA-256 of it, and a signing key only once it is sealed.
                return new JournalKeys(SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)), sealKdf == null ? null : FromPassphrase(passphrase, sealKdf).Signer, legacy: true, kdf: sealKdf);
            }

            var keyPath = journalPath + ".key";
            if (File.Exists(keyPath))
            {
                if (!journalHasEntries && create)
                {
                    throw new CliException(ExitCodes.Journal, "The key " + keyPath + " exists but its journal " + journalPath + " is missing or empty; it may belong to a journal that was moved or deleted, and is not reused. Restore that journal, or move the key away and start again. Nothing was sent.");
                }

                return ReadFile(keyPath);
            }

            if (journalHasEntries || !create)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is missing." + Restore);
            }

            var keys = new JournalKeys(RandomNumberGenerator.GetBytes(32), ECDsa.Create(ECCurve.NamedCurves.nistP256), legacy: false, kdf: null);
            keys.WriteFile(keyPath, replace: false);
            return keys;
        }

        /// <summary>Adds a signing key to a 0.2.0 key (<c>journal seal</c>): the key file is rewritten atomically in the v2 form.</summary>
        public void AddSigningKey(string journalPath, JournalKdf? sealKdf, Func<string, string?> environment)
        {
            if (Signer != null)
            {
                return;
            }

            var passphrase = environment(Variable);
            if (!string.IsNullOrEmpty(passphrase))
            {
                // No key file to change: the signing key is derived from the passphrase with the salt the seal records.
                Signer = FromPassphrase(passphrase, sealKdf ?? throw new ArgumentNullException(nameof(sealKdf))).Signer;
                return;
            }

            Signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            WriteFile(journalPath + ".key", replace: true);
        }

        /// <summary>The keys a passphrase gives with recorded parameters: the pseudonym key and the signing key from one master, by separate labels.</summary>
        public static JournalKeys FromPassphrase(string passphrase, JournalKdf kdf)
        {
            // The parameters come from the journal, which anyone who can write it can change: bounded before anything is derived.
            var salt = kdf.Checked("The journal", "its key derivation");
            var master = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, kdf.Iterations, HashAlgorithmName.SHA256, 32);
            var pseudonym = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.ASCII.GetBytes("gong-privacy journal pseudonym key v2"));
            for (var attempt = 0; ; attempt++)
            {
                var d = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.ASCII.GetBytes("gong-privacy journal signing key v2 " + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                try
                {
                    // The public key is computed from the private scalar (.NET 5 and later).
                    return new JournalKeys(pseudonym, ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d }), legacy: false, kdf);
                }
                catch (CryptographicException) when (attempt < 8)
                {
                    // The scalar was not below the curve's order (about 1 in 2^32): the next label gives another.
                }
            }
        }

        public void Dispose() => Signer?.Dispose();

        private const string Restore = " Restore the key file from your backup (or set " + Variable + " to the passphrase it was made from) and run again; without it rows cannot be matched and nothing can be signed, so nothing was sent. (An auditor checks without it: 'gong-privacy journal verify --journal <file> --public-key pub.pem'.)";

        private static JournalKeys ReadFile(string keyPath)
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & ~AuditJournal.Private) != 0)
            {
                // A key others can read (or replace) is no longer the writer's alone: the signatures and MACs vouch for nothing.
                var mode = Convert.ToString((int)File.GetUnixFileMode(keyPath), 8).PadLeft(4, '0');
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " can be read or written by others than its owner (mode " + mode + "): a key file must be owner-only. Make it so ('chmod 600 " + keyPath + "'), and consider whether someone else could have read it. Nothing was sent.");
            }

            string text;
            try
            {
                text = File.ReadAllText(keyPath).Trim();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " cannot be read (" + ex.GetType().Name + ")." + Restore);
            }

            try
            {
                if (!text.StartsWith("{", StringComparison.Ordinal))
                {
                    var old = Convert.FromBase64String(text);
                    return old.Length == 32 ? new JournalKeys(old, null, legacy: true, kdf: null) : throw new FormatException();
                }

                var json = JObject.Parse(text);
                if ((string?)json["format"] != FileFormat)
                {
                    throw new FormatException();
                }

                var pseudonym = Convert.FromBase64String((string?)json["pseudonymKey"] ?? string.Empty);
                var signer = ECDsa.Create();
                signer.ImportPkcs8PrivateKey(Convert.FromBase64String((string?)json["signingKey"] ?? string.Empty), out _);
                var legacy = (bool?)json["legacyChain"] == true;
                return pseudonym.Length == 32 ? new JournalKeys(pseudonym, signer, legacy, kdf: null) : throw new FormatException();
            }
            catch (Exception ex) when (ex is FormatException || ex is Newtonsoft.Json.JsonException || ex is CryptographicException)
            {
                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " is damaged (neither gong-privacy's key file nor the base64 of a 32-byte key of 0.2.0)." + Restore);
            }
        }

        /// <summary>Writes the key file: a temporary file beside it, owner-only, forced to disk, then renamed into place.</summary>
        private void WriteFile(string keyPath, bool replace)
        {
            var json = new JObject
            {
                ["format"] = FileFormat,
                ["pseudonymKey"] = Convert.ToBase64String(Pseudonym),
                ["signingKey"] = Convert.ToBase64String(Signer!.ExportPkcs8PrivateKey()),
            };
            if (Legacy)
            {
                json["legacyChain"] = true; // its older entries carry 0.2.0's HMAC chain under the pseudonym key
            }

            // A name of its own each time, created exclusively (O_EXCL): never a file or a link someone put there first.
            var temporary = keyPath + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + ".new";
            var created = false;
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = AuditJournal.Private;
                }

                using (var stream = new FileStream(temporary, options))
                {
                    created = true;
                    var bytes = Encoding.ASCII.GetBytes(json.ToString(Newtonsoft.Json.Formatting.None) + "\n");
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, keyPath, overwrite: replace);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (created)
                {
                    File.Delete(temporary);
                }

                throw new CliException(ExitCodes.Journal, "The journal's key " + keyPath + " cannot be " + (replace ? "rewritten" : "created") + " (" + ex.GetType().Name + "). Nothing was sent.");
            }
        }
    }
}
