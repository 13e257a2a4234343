using System;
using System.IO;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The repository the tests run from (the folder of GongPrivacyGenerated.sln), for tests that read its sources and docs.</summary>
    internal static class RepoFolder
    {
        public static string Root()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "GongPrivacyGenerated.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("The tests run outside the repository: no GongPrivacyGenerated.sln above " + AppContext.BaseDirectory + ".");
        }
    }
}
