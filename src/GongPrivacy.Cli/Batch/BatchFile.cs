using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace GongPrivacy.Cli
{
    /// <summary>One row of a batch CSV: a checked subject, or the reason the row was refused.</summary>
    internal sealed record BatchRow(int Line, Subject? Subject, string? Problem);

    /// <summary>Reads <c>email,&lt;value&gt;</c> and <c>phone,&lt;value&gt;</c> rows; an optional header; blank lines and <c>#</c> comments are skipped.</summary>
    internal static class BatchFile
    {
        private static readonly HashSet<string> HeaderWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "kind", "type", "identifier", "identifier_type", "subject_type" };

        public static (List<BatchRow> Rows, string Fingerprint) Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, "The CSV file does not exist: " + path + ".");
            }

            var bytes = File.ReadAllBytes(path);
            var fingerprint = Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant();
            var rows = new List<BatchRow>();
            var number = 0;
            var seenContent = false;
            using var reader = new StreamReader(new MemoryStream(bytes));
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                number++;
                var text = line.Trim();
                if (text.Length == 0 || text.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                var comma = text.IndexOf(',');
                var first = (comma < 0 ? text : text.Substring(0, comma)).Trim().Trim('"');
                if (!seenContent && HeaderWords.Contains(first))
                {
                    seenContent = true;
                    continue;
                }

                seenContent = true;
                if (!Subject.TryParseKind(first, out var kind))
                {
                    rows.Add(new BatchRow(number, null, "the first field must be 'email' or 'phone'"));
                    continue;
                }

                var value = comma < 0 ? string.Empty : text.Substring(comma + 1).Trim();
                if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"')
                {
                    value = value.Substring(1, value.Length - 2).Replace("\"\"", "\"");
                }

                if (value.Length == 0)
                {
                    rows.Add(new BatchRow(number, null, "no value after '" + first.ToLowerInvariant() + ",'"));
                    continue;
                }

                try
                {
                    rows.Add(new BatchRow(number, Subject.Create(kind, value), null));
                }
                catch (CliException)
                {
                    rows.Add(new BatchRow(number, null, kind == SubjectKind.Email ? "not a valid email address" : "not a valid phone number ('+', country code and number)"));
                }
            }

            return (rows, fingerprint);
        }
    }
}
