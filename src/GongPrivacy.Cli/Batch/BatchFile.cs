using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using nietras.SeparatedValues;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>One row of a batch CSV: a checked subject, or the reason the row was refused.</summary>
    internal sealed record BatchRow(int Line, Subject? Subject, string? Problem);

    /// <summary>
    /// Reads <c>email,&lt;value&gt;</c> and <c>phone,&lt;value&gt;</c> rows with Sep (a maintained CSV parser): quoted fields (a separator or
    /// quote inside one), a UTF-8 byte order mark, CRLF or LF, and <c>,</c> or <c>;</c> as the separator (what a
    /// spreadsheet saves in a locale whose decimal mark is a comma), detected from the file or given with
    /// <c>--delimiter</c>. An optional header row; blank lines and <c>#</c> comments are skipped. A bad row is reported by
    /// its line number and the rest are read. The file must be UTF-8: a line that is not (a spreadsheet's Windows-1252 export
    /// of <c>josé@…</c>) is an invalid row, never decoded into another subject; every subject is checked by
    /// <see cref="Subject.TryCreate"/> (NFC, no invisible characters), and duplicates are found after that.
    /// </summary>
    internal static class BatchFile
    {
        private static readonly HashSet<string> HeaderWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "kind", "type", "identifier", "identifier_type", "subject_type" };

        public static (List<BatchRow> Rows, string Fingerprint) Read(string path, char? delimiter)
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, "The CSV file does not exist: " + path + ".");
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, "The CSV file " + path + " cannot be read (" + (ex is UnauthorizedAccessException ? "permission denied" : ex.GetType().Name) + ").");
            }

            var fingerprint = Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant();
            var notUtf8 = LinesNotUtf8(bytes);
            var options = new SepReaderOptions(delimiter is char chosen ? Sep.New(chosen) : null)
            {
                HasHeader = false,
                Unescape = true,
                Trim = SepTrim.All,
                DisableColCountCheck = true,
            };
            var rows = new List<BatchRow>();
            var seenContent = false;
            using var text = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            using var reader = options.From(text);
            var separator = reader.Spec.Sep.Separator.ToString();
            foreach (var row in reader)
            {
                var fields = new string[row.ColCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = row[i].ToString();
                }

                var first = fields.Length > 0 ? fields[0].Trim() : string.Empty;
                if (fields.All(string.IsNullOrWhiteSpace) || first.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!seenContent && HeaderWords.Contains(first))
                {
                    seenContent = true;
                    continue;
                }

                seenContent = true;
                // The first row starts on line 1 (Sep counts it from 2 after detecting the separator on it).
                var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
                var lastLine = Math.Max(line + 1, row.LineNumberToExcl);
                var bad = notUtf8.FirstOrDefault(b => b.Line >= line && b.Line < lastLine);
                rows.Add(bad.Line != 0
                    ? new BatchRow(line, null, "line " + bad.Line.ToString(CultureInfo.InvariantCulture) + " is not valid UTF-8 (byte 0x" + bad.Byte.ToString("X2", CultureInfo.InvariantCulture) + " at byte " + bad.Column.ToString(CultureInfo.InvariantCulture) + " of the line): save the CSV as UTF-8; nothing is sent for it, since read another way it names someone else")
                    : Row(line, fields, separator));
            }

            return (rows, fingerprint);
        }

        /// <summary>
        /// The CSV a journal's batch ran with, as its last batch's <c>run-start</c> recorded it (its full path), for a run
        /// given no CSV; read before the journal is opened (which checks its chain). Null when none is recorded.
        /// </summary>
        public static string? RecordedIn(string journalPath)
        {
            if (!File.Exists(journalPath))
            {
                return null;
            }

            string? csv = null;
            foreach (var line in File.ReadLines(journalPath))
            {
                if (line.Contains("\"csv\"", StringComparison.Ordinal))
                {
                    try
                    {
                        var entry = Newtonsoft.Json.JsonConvert.DeserializeObject<Journal.JournalEntry>(line);
                        csv = entry?.Event == Journal.JournalEvent.RunStart && entry.Single != true ? entry.Csv ?? csv : csv;
                    }
                    catch (Newtonsoft.Json.JsonException)
                    {
                        // A line cut short: the journal's own check reports it.
                    }
                }
            }

            return csv;
        }

        /// <summary>The separator <c>--delimiter</c> names: <c>,</c> or <c>comma</c>, <c>;</c> or <c>semicolon</c>.</summary>
        public static char? ParseDelimiter(string? text) => text?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "," or "comma" => ',',
            ";" or "semicolon" => ';',
            _ => throw new CliException(ExitCodes.Usage, "--delimiter must be ',' (comma) or ';' (semicolon); '" + text + "' is not."),
        };

        private static BatchRow Row(int line, string[] fields, string delimiter)
        {
            var first = fields[0].Trim();
            if (!Subject.TryParseKind(first, out var kind))
            {
                return new BatchRow(line, null, "the first field must be 'email' or 'phone'");
            }

            if (fields.Skip(2).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                return new BatchRow(line, null, "more than two fields; quote a value that holds the separator '" + delimiter + "'");
            }

            var value = fields.Length > 1 ? fields[1].Trim() : string.Empty;
            if (value.Length == 0)
            {
                return new BatchRow(line, null, "no value after '" + first.ToLowerInvariant() + delimiter + "'");
            }

            return Subject.TryCreate(kind, value, out var subject, out var problem) ? new BatchRow(line, subject, null) : new BatchRow(line, null, problem);
        }

        /// <summary>The physical lines (from 1) that are not valid UTF-8, with the first bad byte and its place in the line.</summary>
        private static List<(int Line, int Column, byte Byte)> LinesNotUtf8(byte[] bytes)
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var bad = new List<(int, int, byte)>();
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var line = 1;
            while (start <= bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                var length = (end < 0 ? bytes.Length : end) - start;
                try
                {
                    strict.GetCharCount(bytes, start, length);
                }
                catch (DecoderFallbackException ex)
                {
                    var column = ex.Index < 0 ? 1 : ex.Index + 1;
                    bad.Add((line, column, ex.BytesUnknown?.Length > 0 ? ex.BytesUnknown[0] : bytes[start + column - 1]));
                }

                if (end < 0)
                {
                    break;
                }

                start = end + 1;
                line++;
            }

            return bad;
        }
    }
}
