using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The exit-code table of docs/tool.md lists every code the tool defines.</summary>
    public class ExitCodeDocsTests
    {
        [Fact]
        public void Every_exit_code_is_documented_in_the_tool_docs()
        {
            var readme = File.ReadAllLines(Path.Combine(RepoFolder.Root(), "docs", "tool.md"));
            var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetRawConstantValue()!).ToList();
            Assert.Contains(11, codes);
            foreach (var code in codes)
            {
                Assert.Contains(readme, line => line.StartsWith("| " + code + " | ", StringComparison.Ordinal));
            }
        }
    }
}
