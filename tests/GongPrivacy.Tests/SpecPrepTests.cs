using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The step that prepares the spec for NSwag (tools/GongSpecPrep): selection by tag, pruning, a bad spec as one
    /// file(line,col) error, and names that clash with hand-written code. The build runs the same tool; .ci/spec-checks
    /// proves the same outcomes through a real build of a scratch copy.
    /// </summary>
    public class SpecPrepTests : IDisposable
    {
        private readonly string _work = Directory.CreateTempSubdirectory("gong-spec-prep-").FullName;

        public void Dispose() => Directory.Delete(_work, recursive: true);

        [Fact]
        public void Selects_the_data_privacy_operations_of_a_multi_tag_document_and_prunes_what_they_do_not_reach()
        {
            var result = Run("multi-tag.yml", "Data Privacy");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "findAllReferencesToEmailAddress", "purgeEmailAddress" }, result.Operations);
            Assert.Contains("EmailAddressReferences:", result.Selected);
            Assert.Contains("Reference:", result.Selected);
            Assert.Contains("ErrorResponse:", result.Selected);
            Assert.Contains("BaseResponse:", result.Selected);
            Assert.DoesNotContain("/v2/calls:", result.Selected);
            Assert.DoesNotContain("/v2/users:", result.Selected);
            Assert.DoesNotContain("Call:", result.Selected);
            Assert.DoesNotContain("Users:", result.Selected);
        }

        [Fact]
        public void Several_tags_select_the_union_and_an_operation_with_two_tags_once()
        {
            var result = Run("multi-tag.yml", "Calls;Users");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "listCalls", "listUsers", "purgeEmailAddress" }, result.Operations);
            Assert.DoesNotContain("EmailAddressReferences:", result.Selected);
        }

        [Fact]
        public void A_tag_no_operation_carries_is_one_error_listing_the_tags_there_are()
        {
            var result = Run("multi-tag.yml", "Data privacy");

            var error = Assert.Single(result.Output);
            Assert.Matches(@"multi-tag\.yml\(\d+,\d+\): error GONG003: no operation carries the tag\(s\) 'Data privacy'", error);
            Assert.Contains("'Calls', 'Data Privacy', 'Users'", error);
        }

        [Fact]
        public void The_committed_spec_passes_whole()
        {
            var result = Run(Path.Combine(BuiltLibrary.RepoRoot(), "openapi", "gong-data-privacy-openapi.yml"), "Data Privacy");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "deleteEmailAddressData", "deletePhoneNumberData", "retrieveEmailReferences", "retrievePhoneReferences" }, result.Operations);
        }

        [Fact]
        public void An_unterminated_flow_sequence_is_one_error_at_its_bracket_saying_what_the_parser_found()
        {
            var result = Run("unterminated-flow-sequence.yml", "Data Privacy");

            Assert.NotEqual(0, result.ExitCode);
            var error = Assert.Single(result.Output);
            Assert.Matches(@"unterminated-flow-sequence\.yml\(6,12\): error GONG001: the spec is not valid YAML: the flow sequence '\[' opened at line 6, column 12 is never closed", error);
            Assert.DoesNotContain("Exception during deserialization", error);
        }

        [Fact]
        public void A_clash_with_hand_written_names_is_one_error_naming_each_clash_and_the_setting_that_resolves_it()
        {
            var result = Run("clash.yml", "Data Privacy");

            Assert.NotEqual(0, result.ExitCode);
            var error = Assert.Single(result.Output);
            Assert.Contains("error GONG002", error);
            Assert.Contains("operationId 'getDataForEmailAddress' would generate GetDataForEmailAddressAsync", error);
            Assert.Contains("add \"getDataForEmailAddress\" to excludedOperationIds in nswag.json", error);
            Assert.Contains("schema 'DataForSubjectResponse' would generate the type DataForSubjectResponse", error);
            Assert.Contains("add \"DataForSubjectResponse\" to excludedTypeNames in nswag.json", error);

            // DataForEmailAddressResponse is in excludedTypeNames already: the hand-written model stands in for it, no clash.
            Assert.DoesNotContain("schema 'DataForEmailAddressResponse'", error);
        }

        [Fact]
        public void The_settings_the_clash_error_names_resolve_it()
        {
            var nswag = File.ReadAllText(Path.Combine(BuiltLibrary.RepoRoot(), "nswag.json"))
                .Replace("\"excludedOperationIds\": []", "\"excludedOperationIds\": [\"getDataForEmailAddress\"]", StringComparison.Ordinal)
                .Replace("\"excludedTypeNames\": [", "\"excludedTypeNames\": [\"DataForSubjectResponse\", ", StringComparison.Ordinal);
            var config = Path.Combine(_work, "nswag.json");
            File.WriteAllText(config, nswag);

            var result = Run("clash.yml", "Data Privacy", config);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "eraseEmail" }, result.Operations);

            // No operation left reaches ErrorResponse, but GongApiException names it: a schema the hand-written code uses is kept.
            Assert.Contains("ErrorResponse:", result.Selected);
        }

        private sealed record Result(int ExitCode, string[] Output, string[] Operations, string Selected);

        private Result Run(string spec, string tags, string? nswag = null)
        {
            var root = BuiltLibrary.RepoRoot();
            var specPath = Path.IsPathRooted(spec) ? spec : Path.Combine(AppContext.BaseDirectory, "Fixtures", "specs", spec);
            var tool = Path.Combine(root, "tools", "GongSpecPrep", "bin", "Release", "net10.0", "GongSpecPrep.dll");
            Assert.True(File.Exists(tool), "Build the library first: its generation step builds " + tool);

            var handWritten = Path.Combine(_work, "handwritten.txt");
            var sources = Path.Combine(root, "src", "GongPrivacy");
            File.WriteAllLines(handWritten, Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
            var selected = Path.Combine(_work, "selected.yml");
            var operations = Path.Combine(_work, "operations.txt");
            File.Delete(selected);
            File.Delete(operations);

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { tool, "--spec", specPath, "--nswag", nswag ?? Path.Combine(root, "nswag.json"), "--tags", tags, "--handwritten", handWritten, "--out", selected, "--operations-out", operations })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(stderr.Length == 0, stderr);

            return new Result(
                process.ExitCode,
                stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                File.Exists(operations) ? File.ReadAllLines(operations) : Array.Empty<string>(),
                File.Exists(selected) ? File.ReadAllText(selected) : string.Empty);
        }
    }
}
