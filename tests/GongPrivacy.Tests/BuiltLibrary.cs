using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using PublicApiGenerator;

namespace GongPrivacy.Tests
{
    /// <summary>The library as the solution build left it in src/GongPrivacy/bin, for each target framework.</summary>
    internal static class BuiltLibrary
    {
        public static string Path(string targetFramework, string extension = ".dll")
        {
            // tests/GongPrivacy.Tests/bin/<Configuration>/<tfm>/
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;
            var path = System.IO.Path.Combine(RepoRoot(), "src", "GongPrivacy", "bin", configuration, targetFramework, "GongPrivacy" + extension);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("Build the solution first (dotnet test GongPrivacyGenerated.sln builds every target framework of the library).", path);
            }

            return path;
        }

        public static string PublicApi(string targetFramework)
        {
            var context = new AssemblyLoadContext("api-" + targetFramework, isCollectible: true);
            try
            {
                var assembly = context.LoadFromAssemblyPath(Path(targetFramework));
                return assembly.GeneratePublicApi(new ApiGeneratorOptions
                {
                    ExcludeAttributes = new[] { "System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute" },

                    // PublicApiGenerator leaves out namespaces that start with System or Microsoft by default; the package puts
                    // AddGongDataPrivacyClient in Microsoft.Extensions.DependencyInjection, and every namespace it exposes is contract.
                    DenyNamespacePrefixes = Array.Empty<string>(),
                    UseDenyNamespacePrefixesForExtensionMethods = false,
                });
            }
            finally
            {
                context.Unload();
            }
        }

        /// <summary>The folder that holds GongPrivacyGenerated.sln, found from the test's own output folder.</summary>
        public static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "GongPrivacyGenerated.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("GongPrivacyGenerated.sln was not found above " + AppContext.BaseDirectory);
        }
    }
}
