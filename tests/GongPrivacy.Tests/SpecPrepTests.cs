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
            Assert.Equal(new[] { "DataForEmailAddress", "GetDataForEmailAddress" }, result.Operations);
            Assert.Contains("SubjectReferences:", result.Selected);
            Assert.Contains("Reference:", result.Selected);
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
            Assert.Equal(new[] { "DataForEmailAddress", "GetCalls", "GetUsers" }, result.Operations);
            Assert.DoesNotContain("SubjectReferences:", result.Selected);
        }

        [Fact]
        public void A_tag_no_operation_carries_is_one_error_listing_the_tags_there_are()
        {
            var result = Run("multi-tag.yml", "Data privacy");

            var error = Assert.Single(result.Output);
            Assert.Matches(@"multi-tag\.yml\(\d+,\d+\): error GONG003: no operation carries the tag\(s\) 'Data privacy'", error);
            Assert.Contains("'Calls', 'Data Privacy', 'Users'", error);
        }

        [Theory]
        [InlineData("base.yml", "")]
        [InlineData("outside-data-privacy.yml", "")]
        [InlineData("openapi-3.1.yml", "")]
        [InlineData("added-operation-without-subject.yml", "GetErasureStatus")]
        [InlineData("added-operation-with-subject.yml", "RestrictProcessingForEmailAddress")]
        public void A_whole_document_gives_its_data_privacy_operations_named_from_their_paths_and_the_schemas_they_reach(string fixture, string added)
        {
            // Fixtures of known content (Fixtures/regeneration: Gong's Data Privacy part as of 0.2.0, one change each), never
            // the committed document: a new document of Gong's must not turn this test red.
            var result = Run(Regeneration(fixture), "Data Privacy");

            Assert.Equal(0, result.ExitCode);
            var operations = new[] { "EraseDataForEmailAddress", "EraseDataForPhoneNumber", "GetDataForEmailAddress", "GetDataForPhoneNumber", added }.Where(o => o.Length > 0).OrderBy(o => o, StringComparer.Ordinal);
            Assert.Equal(operations, result.Operations);
            var schemas = new[] { "BaseResponse", "CallReference", "ContextField", "CustomerData", "CustomerDataObject", "CustomerEngagement", "EmailAddressReferences", "EmailMessage", "ExternalSystem", "ExternalSystemObject", "Meeting", "PhoneNumberReferences" };
            Assert.Equal(added == "GetErasureStatus" ? schemas.Append("ErasureStatus").OrderBy(n => n, StringComparer.Ordinal) : schemas, result.Schemas);
            Assert.Contains("operationId: getDataForEmailAddress", result.Selected);
            Assert.Contains("operationId: eraseDataForPhoneNumber", result.Selected);
            Assert.DoesNotContain("/v2/users", result.Selected);
            Assert.DoesNotContain("User:", result.Selected);
        }

        [Fact]
        public void The_catalog_fixture_of_another_shape_is_named_by_the_same_rule()
        {
            var result = Run("catalog-000.yml", "*");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "EmailDelete", "GetEmailReferences", "GetPhoneReferences", "PhoneDelete" }, result.Operations);
        }

        [Fact]
        public void The_naming_rule_takes_the_last_fixed_segment_of_the_path_and_get_for_a_get()
        {
            var spec = Path.Combine(_work, "names.yml");
            File.WriteAllText(spec, "openapi: 3.0.1\ninfo: {title: t, version: v}\npaths:\n"
                + "  /v2/data-privacy/data-for-email-address:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n"
                + "  /v2/data-privacy/erase-data-for-phone-number:\n    post:\n      operationId: b\n      responses: {'200': {description: ok}}\n"
                + "  /v2/users/{id}:\n    get:\n      operationId: c\n      responses: {'200': {description: ok}}\n"
                + "  /v2/users/{id}/settings-history:\n    get:\n      operationId: d\n      responses: {'200': {description: ok}}\n"
                + "  /v2/calls/get-extensive:\n    get:\n      operationId: e\n      responses: {'200': {description: ok}}\n"
                + "  /v2/calls/{id}/media:\n    put:\n      operationId: f\n      responses: {'200': {description: ok}}\n");

            var result = Run(spec, "*");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "EraseDataForPhoneNumber", "GetDataForEmailAddress", "GetExtensive", "GetSettingsHistory", "GetUsers", "Media" }, result.Operations);
        }

        [Theory]
        [InlineData("base.yml", "contentShared, contentViewed, customEvent, digitalInteraction")]
        [InlineData("added-enum-value.yml", "contentShared, contentViewed, customEvent, digitalInteraction, webinarAttended")]
        [InlineData("openapi-3.1.yml", "contentShared, contentViewed, customEvent, digitalInteraction")]
        public void Only_success_answers_reach_the_generator_and_enumerations_are_open(string fixture, string eventTypes)
        {
            var result = Run(Regeneration(fixture), "Data Privacy");

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("'400':", result.Selected);
            Assert.DoesNotContain("'429':", result.Selected);
            Assert.DoesNotContain("ErrorResponse", result.Selected);
            Assert.DoesNotContain("enum:", result.Selected);
            Assert.Contains("Documented values: " + eventTypes + "; Gong may send others, which are kept as sent.", result.Selected);
        }

        [Fact]
        public void An_array_that_openapi_3_1_says_may_be_null_is_still_never_null()
        {
            var result = Run(Regeneration("openapi-3.1.yml"), "Data Privacy");

            Assert.Equal(0, result.ExitCode);
            var references = result.Selected.Substring(result.Selected.IndexOf("    EmailAddressReferences:", StringComparison.Ordinal));
            Assert.Contains("        emails:\n          type: array\n", references.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Matches(@"required:\n(\s+- \w+\n)*\s+- emails\n", references.Replace("\r\n", "\n", StringComparison.Ordinal));
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
            Assert.Contains("operationId 'processResponse' would generate ProcessResponseAsync", error);
            Assert.Contains("add \"processResponse\" to excludedOperationIds in nswag.json", error);
            Assert.Contains("schema 'GongAttempt' would generate the type GongAttempt", error);
            Assert.Contains("add \"GongAttempt\" to excludedTypeNames in nswag.json", error);

            // EmailMessage has a hand-written partial class: it extends the generated one, so it is no clash.
            Assert.DoesNotContain("schema 'EmailMessage'", error);
        }

        [Fact]
        public void Two_operations_that_the_rule_names_alike_are_one_error()
        {
            var spec = Path.Combine(_work, "twins.yml");
            File.WriteAllText(spec, "openapi: 3.0.1\ninfo: {title: t, version: v}\npaths:\n  /v2/a/items:\n    get:\n      operationId: one\n      responses: {'200': {description: ok}}\n  /v2/b/items:\n    get:\n      operationId: two\n      responses: {'200': {description: ok}}\n");

            var result = Run(spec, "*");

            Assert.NotEqual(0, result.ExitCode);
            var error = Assert.Single(result.Output);
            Assert.Contains("error GONG002: the operations 'one', 'two' would all be named GetItemsAsync", error);
        }

        [Fact]
        public void The_settings_the_clash_error_names_resolve_it()
        {
            var nswag = File.ReadAllText(Path.Combine(BuiltLibrary.RepoRoot(), "nswag.json"))
                .Replace("\"excludedOperationIds\": []", "\"excludedOperationIds\": [\"processResponse\"]", StringComparison.Ordinal)
                .Replace("\"excludedTypeNames\": []", "\"excludedTypeNames\": [\"GongAttempt\"]", StringComparison.Ordinal);
            var config = Path.Combine(_work, "nswag.json");
            File.WriteAllText(config, nswag);

            var result = Run("clash.yml", "Data Privacy", config);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new[] { "GetDataForEmailAddress" }, result.Operations);
            Assert.DoesNotContain("GongAttempt:", result.Selected);
        }

        private static string Regeneration(string fixture) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "regeneration", fixture);

        private sealed record Result(int ExitCode, string[] Output, string[] Operations, string[] Schemas, string Selected);

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
            var schemas = Path.Combine(_work, "schemas.txt");
            File.Delete(selected);
            File.Delete(operations);
            File.Delete(schemas);

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { tool, "--spec", specPath, "--nswag", nswag ?? Path.Combine(root, "nswag.json"), "--handwritten", handWritten, "--out", selected, "--operations-out", operations, "--schemas-out", schemas })
            {
                start.ArgumentList.Add(argument);
            }

            if (tags != "*")
            {
                start.ArgumentList.Add("--tags");
                start.ArgumentList.Add(tags);
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
                File.Exists(schemas) ? File.ReadAllLines(schemas) : Array.Empty<string>(),
                File.Exists(selected) ? File.ReadAllText(selected) : string.Empty);
        }
    }
}
