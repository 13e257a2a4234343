using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Every C# snippet in README.md, the package's readme and docs/ compiles against the library as a user would paste
    /// it into a new project: a console program (top-level statements) or a file of types, with the SDK's implicit usings
    /// of a console project and nullable on. It compiles against .NET itself, the GongPrivacy package and what that
    /// package brings, and only the packages the snippet names itself (<c>dotnet add package X</c> in the snippet; an
    /// ASP.NET Core snippet, one with <c>using Microsoft.AspNetCore…</c>, gets the ASP.NET Core framework; a test file with
    /// <c>using Xunit;</c> gets xunit): a snippet that needs a package it does not name fails.
    /// </summary>
    public class SnippetTests
    {
        private static readonly Lazy<Dictionary<string, string>> Available = new Lazy<Dictionary<string, string>>(FindAssemblies);

        private static readonly string[] ImplicitUsings = { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" };

        public static TheoryData<string> Snippets()
        {
            var data = new TheoryData<string>();
            foreach (var snippet in Find())
            {
                data.Add(snippet.Name);
            }

            return data;
        }

        [Fact]
        public void The_documentation_has_the_snippets_this_test_compiles()
        {
            var snippets = Find();

            Assert.Contains(snippets, s => s.Name.StartsWith("README.md:", StringComparison.Ordinal));
            Assert.Contains(snippets, s => s.Name.StartsWith("src/GongPrivacy/README.md:", StringComparison.Ordinal) && s.Code.Contains("Host.CreateApplicationBuilder", StringComparison.Ordinal));
            Assert.Contains(snippets, s => s.Name.StartsWith("docs/configuration.md:", StringComparison.Ordinal) && s.Code.Contains("AddGongDataPrivacyClient", StringComparison.Ordinal));
            Assert.True(snippets.Count >= 8, snippets.Count + " snippets");
        }

        [Theory]
        [MemberData(nameof(Snippets))]
        public void Compiles(string name)
        {
            var snippet = Find().Single(s => s.Name == name);
            var tree = CSharpSyntaxTree.ParseText(snippet.Code, new CSharpParseOptions(LanguageVersion.Latest), path: name);
            var usings = CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => "global using " + u + ";\n")), new CSharpParseOptions(LanguageVersion.Latest));
            var program = tree.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
            var compilation = CSharpCompilation.Create(
                "Snippet",
                new[] { tree, usings },
                ReferencesFor(snippet.Code),
                new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

            Assert.True(errors.Count == 0, name + " does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())) + "\n\n" + snippet.Code);
        }

        private sealed record Snippet(string Name, string Code);

        private static IReadOnlyList<Snippet> Find()
        {
            var root = BuiltLibrary.RepoRoot();
            var files = new[] { "README.md", Path.Combine("src", "GongPrivacy", "README.md") }
                .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Select(f => Path.GetRelativePath(root, f)).OrderBy(f => f, StringComparer.Ordinal));
            var snippets = new List<Snippet>();
            foreach (var file in files)
            {
                var lines = File.ReadAllLines(Path.Combine(root, file));
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Trim() != "```csharp")
                    {
                        continue;
                    }

                    var start = i + 1;
                    var end = start;
                    while (end < lines.Length && lines[end].Trim() != "```")
                    {
                        end++;
                    }

                    snippets.Add(new Snippet(file.Replace('\\', '/') + ":" + (start + 1), string.Join("\n", lines.Skip(start).Take(end - start))));
                    i = end;
                }
            }

            return snippets;
        }

        /// <summary>.NET itself, then the closure of GongPrivacy and of what the snippet names, by the assemblies' own references.</summary>
        private static IReadOnlyList<MetadataReference> ReferencesFor(string code)
        {
            var available = Available.Value;
            var framework = available.Values.Where(p => p.Replace('\\', '/').Contains("/Microsoft.NETCore.App/", StringComparison.Ordinal));
            var roots = new List<string> { "GongPrivacy" };
            foreach (Match package in Regex.Matches(code, @"dotnet add package ([A-Za-z0-9_.]+)"))
            {
                var id = package.Groups[1].Value;
                roots.AddRange(available.Keys.Where(name => name.Equals(id, StringComparison.OrdinalIgnoreCase) || name.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase)));
            }

            if (Regex.IsMatch(code, @"^using Xunit;", RegexOptions.Multiline))
            {
                roots.AddRange(new[] { "xunit.core", "xunit.assert", "xunit.abstractions" });
            }

            if (Regex.IsMatch(code, @"^using Microsoft\.AspNetCore", RegexOptions.Multiline))
            {
                roots.AddRange(available.Where(a => a.Value.Replace('\\', '/').Contains("/Microsoft.AspNetCore.App/", StringComparison.Ordinal)).Select(a => a.Key));
            }

            return framework.Concat(Closure(roots, available)).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
        }

        private static IEnumerable<string> Closure(IEnumerable<string> roots, IReadOnlyDictionary<string, string> available)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<string>(roots);
            while (queue.Count > 0)
            {
                var name = queue.Dequeue();
                if (!available.TryGetValue(name, out var path) || !seen.Add(name))
                {
                    continue;
                }

                using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
                var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                foreach (var handle in metadata.AssemblyReferences)
                {
                    queue.Enqueue(metadata.GetString(metadata.GetAssemblyReference(handle).Name));
                }

                yield return path;
            }
        }

        /// <summary>Every managed assembly this test can see: .NET's and ASP.NET Core's, and the test's own folder, by simple name.</summary>
        private static Dictionary<string, string> FindAssemblies()
        {
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
            return platform.Concat(local)
                .Where(File.Exists)
                .Where(IsManaged)
                .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        private static bool IsManaged(string path)
        {
            try
            {
                System.Reflection.AssemblyName.GetAssemblyName(path);
                return true;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }
    }
}
