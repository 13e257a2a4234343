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
    /// of a console project, nullable on, and the packages the snippet's own usings name (hosting, ASP.NET Core) at hand.
    /// </summary>
    public class SnippetTests
    {
        private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new Lazy<IReadOnlyList<MetadataReference>>(LoadReferences);

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
                References.Value,
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

        private static IReadOnlyList<MetadataReference> LoadReferences()
        {
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
            return platform.Concat(local)
                .Where(File.Exists)
                .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Where(IsManaged)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToList();
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
