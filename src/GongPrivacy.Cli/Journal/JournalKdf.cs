using System;
using System.Globalization;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>How a passphrase became the journal's keys: recorded in the journal (not secret), so the same keys come back.</summary>
    internal sealed class JournalKdf
    {
        /// <summary>The fewest iterations a journal may record: OWASP's work factor for PBKDF2-HMAC-SHA256, what a new journal uses.</summary>
        public const int MinIterations = 600_000;

        /// <summary>The most iterations a journal may record (a run pays the derivation once; beyond this it is a denial of service).</summary>
        public const int MaxIterations = 10_000_000;

        [Newtonsoft.Json.JsonConstructor]
        public JournalKdf(string alg, int iterations, string salt)
        {
            Algorithm = alg;
            Iterations = iterations;
            Salt = salt;
        }

        /// <summary>The derivation: <c>PBKDF2-HMAC-SHA256</c>.</summary>
        [Newtonsoft.Json.JsonProperty("alg")]
        public string Algorithm { get; }

        /// <summary>Its work factor.</summary>
        [Newtonsoft.Json.JsonProperty("iterations")]
        public int Iterations { get; }

        /// <summary>Its random salt, base64.</summary>
        [Newtonsoft.Json.JsonProperty("salt")]
        public string Salt { get; }

        /// <summary>
        /// The salt, once the parameters are ones this version derives with: PBKDF2-HMAC-SHA256, between
        /// <see cref="MinIterations"/> and <see cref="MaxIterations"/> iterations, a salt of 16 to 64 bytes in base64. The
        /// journal records them and anyone who can write it can change them (a work factor of days, a salt that is not
        /// base64), and they are read before the check: outside these bounds, exit 11 naming where, and nothing is derived.
        /// </summary>
        /// <param name="journal">"The journal &lt;path&gt;", for the message.</param>
        /// <param name="where">The entry or digest that records them.</param>
        public byte[] Checked(string journal, string where)
        {
            string? problem = null;
            byte[]? salt = null;
            if (!string.Equals(Algorithm, JournalKeys.Kdf, StringComparison.Ordinal))
            {
                problem = "its algorithm is " + (Algorithm ?? "missing") + ", not " + JournalKeys.Kdf;
            }
            else if (Iterations < MinIterations || Iterations > MaxIterations)
            {
                problem = "its iterations, " + Iterations.ToString(CultureInfo.InvariantCulture) + ", are not between " + MinIterations.ToString(CultureInfo.InvariantCulture) + " and " + MaxIterations.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                try
                {
                    salt = Convert.FromBase64String(Salt ?? string.Empty);
                }
                catch (FormatException)
                {
                    problem = "its salt is not base64";
                }

                if (salt != null && (salt.Length < 16 || salt.Length > 64))
                {
                    problem = "its salt is " + salt.Length.ToString(CultureInfo.InvariantCulture) + " bytes, not 16 to 64";
                }
            }

            return problem == null
                ? salt!
                : throw new CliException(ExitCodes.JournalTampered, journal + " fails its integrity check at " + where + ": the key derivation it records is not one this version uses (" + problem + "), so nothing was derived from the passphrase. Nothing was sent or written.");
        }
    }
}
