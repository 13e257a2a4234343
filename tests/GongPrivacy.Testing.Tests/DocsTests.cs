using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>docs/testing.md shows the example CI compiles and runs against the packed packages, word for word.</summary>
    public class DocsTests
    {
        [Fact]
        public void The_testing_page_shows_the_example_test_file_word_for_word()
        {
            var root = Repo.Root();
            var page = File.ReadAllText(Path.Combine(root, "docs", "testing.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            var example = File.ReadAllText(Path.Combine(root, "tests", "GongPrivacy.Testing.PackageTests", "DocsExampleTests.cs")).Replace("\r\n", "\n", StringComparison.Ordinal);

            var snippet = Regex.Match(page, "```csharp\n(.*?)```", RegexOptions.Singleline);

            Assert.True(snippet.Success, "docs/testing.md has no csharp block");
            Assert.Equal(example, snippet.Groups[1].Value);
        }

        [Fact]
        public void The_sandbox_page_lists_exactly_the_sample_subjects()
        {
            var page = File.ReadAllLines(Path.Combine(Repo.Root(), "docs", "sandbox.md"));
            var listed = page.Select(line => Regex.Match(line, "^\\| `([^`]+)` \\|")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

            Assert.Equal(FakeGong.SampleSubjects, listed);
        }
    }
}
