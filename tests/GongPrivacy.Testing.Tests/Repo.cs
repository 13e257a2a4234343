using System;
using System.IO;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>The repository, found above the test's output folder.</summary>
    internal static class Repo
    {
        public static string Root()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "GongPrivacyGenerated.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new DirectoryNotFoundException("the repository root (GongPrivacyGenerated.sln) is not above " + AppContext.BaseDirectory);
        }
    }
}
