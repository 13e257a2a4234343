using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit.Sdk;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Plain-text approved files under <c>__snapshots__/</c>: LF, UTF-8 without a byte-order mark, one item a line, so that
    /// <c>git diff</c> reads them. A mismatch never touches the approved file: the received text goes to
    /// <c>__snapshots__/__mismatch__/</c> under the same name, and the failure prints a unified diff, approved to received.
    /// A missing approved file fails the same way; nothing is accepted silently.
    /// </summary>
    internal static class Approval
    {
        public static string Folder => Path.Combine(BuiltLibrary.RepoRoot(), "tests", "GongPrivacy.Tests", "__snapshots__");

        public static void Verify(string fileName, string received)
        {
            received = Normalize(received);
            var approvedPath = Path.Combine(Folder, fileName);
            var approvedBytes = File.Exists(approvedPath) ? File.ReadAllBytes(approvedPath) : null;
            var approved = approvedBytes == null ? null : new UTF8Encoding(false).GetString(approvedBytes);
            var hasBom = approvedBytes != null && approvedBytes.Length >= 3 && approvedBytes[0] == 0xEF && approvedBytes[1] == 0xBB && approvedBytes[2] == 0xBF;
            if (approved == received && !hasBom)
            {
                return;
            }

            var mismatchPath = Path.Combine(Folder, "__mismatch__", fileName);
            Directory.CreateDirectory(Path.GetDirectoryName(mismatchPath)!);
            File.WriteAllText(mismatchPath, received, new UTF8Encoding(false));

            var why = approved == null ? "there is no approved file yet" : hasBom ? "the approved file starts with a byte-order mark" : "it differs from the approved file";
            throw new XunitException(
                $"{fileName}: {why}. The received version is in __snapshots__/__mismatch__/{fileName}.\n" +
                "If the change is intended: mv tests/GongPrivacy.Tests/__snapshots__/__mismatch__/* tests/GongPrivacy.Tests/__snapshots__/, run the tests again, review with git diff, and commit.\n" +
                UnifiedDiff("a/" + fileName, "b/" + fileName, approved ?? string.Empty, received));
        }

        public static string Normalize(string text)
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            return string.Join("\n", lines) + "\n";
        }

        /// <summary>A unified diff with three lines of context, from an LCS of the lines (the files are small).</summary>
        public static string UnifiedDiff(string fromName, string toName, string from, string to)
        {
            var a = Lines(from);
            var b = Lines(to);
            var lcs = new int[a.Length + 1, b.Length + 1];
            for (var i = a.Length - 1; i >= 0; i--)
            {
                for (var j = b.Length - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            // The edit script: (' ', line) kept, ('-', line) removed, ('+', line) added, with each side's line number.
            var script = new List<(char Op, string Line, int A, int B)>();
            int x = 0, y = 0;
            while (x < a.Length || y < b.Length)
            {
                if (x < a.Length && y < b.Length && a[x] == b[y])
                {
                    script.Add((' ', a[x], x++, y++));
                }
                else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
                {
                    script.Add(('-', a[x], x++, y));
                }
                else
                {
                    script.Add(('+', b[y], x, y++));
                }
            }

            var output = new StringBuilder().Append("--- ").Append(fromName).Append('\n').Append("+++ ").Append(toName).Append('\n');
            const int context = 3;
            var k = 0;
            while (k < script.Count)
            {
                if (script[k].Op == ' ')
                {
                    k++;
                    continue;
                }

                var start = Math.Max(0, k - context);
                var end = k;
                while (end < script.Count)
                {
                    var nextChange = script.FindIndex(end, s => s.Op != ' ');
                    if (nextChange < 0 || nextChange - end > 2 * context)
                    {
                        break;
                    }

                    end = nextChange + 1;
                }

                end = Math.Min(script.Count, end + context);
                var hunk = script.GetRange(start, end - start);
                var aCount = hunk.Count(s => s.Op != '+');
                var bCount = hunk.Count(s => s.Op != '-');
                output.Append($"@@ -{hunk[0].A + (aCount == 0 ? 0 : 1)},{aCount} +{hunk[0].B + (bCount == 0 ? 0 : 1)},{bCount} @@\n");
                foreach (var s in hunk)
                {
                    output.Append(s.Op).Append(s.Line).Append('\n');
                }

                k = end;
            }

            return output.ToString();
        }

        private static string[] Lines(string text) => text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');
    }
}
