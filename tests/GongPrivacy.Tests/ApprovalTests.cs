using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>A failing approval prints a unified diff that reads the right way round: approved lines '-', received lines '+'.</summary>
    public class ApprovalTests
    {
        [Fact]
        public void Unified_diff_shows_a_changed_line_with_context()
        {
            var diff = Approval.UnifiedDiff("a/x", "b/x", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");

            Assert.Equal("--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n", diff);
        }

        [Fact]
        public void Unified_diff_of_an_added_operation_is_only_added_lines()
        {
            var diff = Approval.UnifiedDiff("a/x", "b/x", "A\n\nC\n", "A\n\nB\n    GET /b\n\nC\n");

            Assert.Equal("--- a/x\n+++ b/x\n@@ -1,3 +1,6 @@\n A\n \n+B\n+    GET /b\n+\n C\n", diff);
        }

        [Fact]
        public void Normalize_uses_lf_trims_line_ends_and_ends_with_one_newline() =>
            Assert.Equal("a\n b\n", Approval.Normalize("a \r\n b\r\n\r\n"));
    }
}
