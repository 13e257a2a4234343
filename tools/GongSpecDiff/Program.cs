using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace GongSpecDiff
{
    /// <summary>
    /// <c>dotnet run --project tools/GongSpecDiff -- &lt;old.yml&gt; &lt;new.yml&gt; [--tag "Data Privacy"] [--version 0.2.1]</c>:
    /// prints the change to the Data Privacy part of Gong's document as a Markdown list, each line classed compatible or
    /// breaking, and the version bump. Without <c>--version</c> it reads the one in the nearest Directory.Build.props.
    /// Exit codes: 0 printed, 2 a bad invocation, 1 a document that cannot be read.
    /// </summary>
    internal static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var files = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
            string? Option(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
            if (files.Count != 2)
            {
                Console.Error.WriteLine("usage: GongSpecDiff <old.yml> <new.yml> [--tag \"Data Privacy\"] [--version 0.2.1]");
                return 2;
            }

            var text = Option("version") ?? VersionInBuildProps();
            Version? version = null;
            if (text != null && !Version.TryParse(Regex.Replace(text, "-.*$", string.Empty), out version))
            {
                Console.Error.WriteLine("--version must be a version such as 0.2.1, not '" + text + "'");
                return 2;
            }

            try
            {
                var tag = Option("tag") ?? "Data Privacy";
                var old = await DataPrivacyPart.ReadAsync(files[0], tag);
                var @new = await DataPrivacyPart.ReadAsync(files[1], tag);
                foreach (var line in SpecDiff.Markdown(files[0], files[1], SpecDiff.Compare(old, @new), version))
                {
                    Console.WriteLine(line);
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        }

        /// <summary>The version in the nearest Directory.Build.props above the working folder, if any.</summary>
        private static string? VersionInBuildProps()
        {
            for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder != null; folder = folder.Parent)
            {
                var props = Path.Combine(folder.FullName, "Directory.Build.props");
                if (File.Exists(props))
                {
                    var match = Regex.Match(File.ReadAllText(props), "<Version>([^<]+)</Version>");
                    return match.Success ? match.Groups[1].Value.Trim() : null;
                }
            }

            return null;
        }
    }
}
