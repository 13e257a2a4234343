using System;
using System.IO;
using System.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// A test that needs Debian's Chromium (or the one <c>GONG_PRIVACY_CHROMIUM</c> names) and poppler's
    /// <c>pdftotext</c> and <c>pdfinfo</c>. Where they are missing it is skipped with a message that says how to install
    /// them, except where <c>GONG_PRIVACY_BROWSER_TESTS=required</c> (as .ci/run sets it): there it runs, and fails.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class BrowserFactAttribute : FactAttribute
    {
        /// <summary>Set to <c>required</c> to make a missing browser a failure instead of a skip.</summary>
        public const string RequiredVariable = "GONG_PRIVACY_BROWSER_TESTS";

        /// <summary>The Chromium to use instead of /usr/bin/chromium.</summary>
        public const string ChromiumVariable = "GONG_PRIVACY_CHROMIUM";

        public BrowserFactAttribute()
        {
            var missing = Missing();
            if (missing != null && Environment.GetEnvironmentVariable(RequiredVariable) != "required")
            {
                Skip = "No browser to check the reports in: " + missing + " is missing. Install Debian's packages (apt-get install -y chromium poppler-utils) to run this test; CI requires it.";
            }
        }

        /// <summary>The Chromium executable.</summary>
        public static string Chromium => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

        /// <summary>What is missing, or null.</summary>
        public static string? Missing()
        {
            if (!File.Exists(Chromium))
            {
                return Chromium;
            }

            return new[] { "pdftotext", "pdfinfo" }.FirstOrDefault(tool => FindOnPath(tool) == null);
        }

        /// <summary>A program on PATH, or null.</summary>
        public static string? FindOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}
