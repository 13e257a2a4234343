using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The changelog tool (tools/GongSpecDiff) on the regeneration fixtures (Fixtures/regeneration: Gong's Data Privacy part
    /// as of 0.2.0 and one change each): the Markdown lines a reviewer pastes, each classed, and the version bump.
    /// </summary>
    public class SpecDiffTests : IDisposable
    {
        private readonly string _work = Directory.CreateTempSubdirectory("gong-spec-diff-").FullName;

        public void Dispose() => Directory.Delete(_work, recursive: true);

        [Theory]
        [InlineData("added-field.yml", "patch (0.2.1 → 0.2.2)", "- compatible: field added: `EmailMessage.subject` (string)")]
        [InlineData("added-enum-value.yml", "patch (0.2.1 → 0.2.2)", "- compatible: enumeration value added: `CustomerEngagement.eventType`: `webinarAttended` (enumerations are open: read as text)")]
        [InlineData("added-operation-without-subject.yml", "patch (0.2.1 → 0.2.2)",
            "- compatible: model added: `ErasureStatus` (requestId, state)",
            "- compatible: operation added: `GET /v2/data-privacy/erasure-status`, `GetErasureStatusAsync(requestId)`")]
        [InlineData("added-operation-with-subject.yml", "patch (0.2.1 → 0.2.2)",
            "- compatible: operation added: `POST /v2/data-privacy/restrict-processing-for-email-address`, `RestrictProcessingForEmailAddressAsync(emailAddress)`")]
        [InlineData("outside-data-privacy.yml", "none", "- no change to the Data Privacy part")]
        [InlineData("openapi-3.1.yml", "patch (0.2.1 → 0.2.2)",
            "- compatible: field changed: `ContextField.value` may now be null (the client reads it as absent)",
            "- compatible: field changed: `CustomerEngagement.eventType` may now be null (the client reads it as absent)",
            "- compatible: field changed: `EmailAddressReferences.emails` may now be null (the client reads it as an empty array)")]
        [InlineData("breaking-rename.yml", "minor (0.2.1 → 0.3.0)",
            "- **breaking**: parameter renamed: `GET /v2/data-privacy/data-for-email-address` (`GetDataForEmailAddressAsync`): query `emailAddress` is now `email` (the request sends `email`, the method's parameter is renamed)")]
        public void Each_fixture_gives_its_changelog_lines_and_bump(string fixture, string bump, params string[] lines)
        {
            var result = Run(Fixture("base.yml"), Fixture(fixture), "--version", "0.2.1");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(lines, result.Lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)));
            Assert.StartsWith("Version bump: " + bump + ":", result.Lines.Last());
        }

        [Fact]
        public void From_1_0_a_breaking_change_is_a_major_and_an_addition_a_minor()
        {
            Assert.StartsWith("Version bump: major (1.4.2 → 2.0.0)", Run(Fixture("base.yml"), Fixture("breaking-rename.yml"), "--version", "1.4.2").Lines.Last());
            Assert.StartsWith("Version bump: minor (1.4.2 → 1.5.0)", Run(Fixture("base.yml"), Fixture("added-field.yml"), "--version", "1.4.2").Lines.Last());
        }

        [Fact]
        public void Removals_type_changes_and_new_required_parameters_are_breaking()
        {
            // The reverse of the additions, and a document edited by hand: a field's type, a new required parameter.
            var edited = Path.Combine(_work, "edited.yml");
            File.WriteAllText(edited, File.ReadAllText(Fixture("base.yml"))
                .Replace("        sentTime:\n          type: string\n", "        sentTime:\n          type: integer\n", StringComparison.Ordinal)
                .Replace("      operationId: purgePhoneNumber\n      parameters:\n", "      operationId: purgePhoneNumber\n      parameters:\n      - name: reason\n        in: query\n        required: true\n        schema:\n          type: string\n", StringComparison.Ordinal));

            var removed = Run(Fixture("added-operation-without-subject.yml"), Fixture("base.yml"), "--version", "0.2.1").Lines;
            var enumValue = Run(Fixture("added-enum-value.yml"), Fixture("base.yml"), "--version", "0.2.1").Lines;
            var field = Run(Fixture("added-field.yml"), Fixture("base.yml"), "--version", "0.2.1").Lines;
            var hand = Run(Fixture("base.yml"), edited, "--version", "0.2.1").Lines;

            Assert.Contains("- **breaking**: operation removed: `GET /v2/data-privacy/erasure-status`, `GetErasureStatusAsync` is gone", removed);
            Assert.Contains("- **breaking**: model removed: `ErasureStatus`", removed);
            Assert.Contains("- **breaking**: enumeration value removed: `CustomerEngagement.eventType`: `webinarAttended` (code that compares with it no longer matches)", enumValue);
            Assert.Contains("- **breaking**: field removed: `EmailMessage.subject`", field);
            Assert.Contains("- **breaking**: field changed: `EmailMessage.sentTime` is `integer`, was `string`", hand);
            Assert.Contains("- **breaking**: parameter added: `POST /v2/data-privacy/erase-data-for-phone-number` (`EraseDataForPhoneNumberAsync`): required query `reason` (string): the method's signature changes", hand);
            Assert.All(new[] { removed, enumValue, field, hand }, lines => Assert.StartsWith("Version bump: minor (0.2.1 → 0.3.0)", lines.Last()));
        }

        [Fact]
        public void OpenApi_3_0_nullable_and_3_1_type_lists_read_the_same()
        {
            var v30 = Path.Combine(_work, "v30.yml");
            var v31 = Path.Combine(_work, "v31.yml");
            const string Paths = "paths:\n  /v2/data-privacy/data-for-email-address:\n    get:\n      tags: [Data Privacy]\n      parameters:\n      - {name: emailAddress, in: query, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Refs'}\n";
            File.WriteAllText(v30, "openapi: 3.0.1\ninfo: {title: t, version: v}\n" + Paths + "components:\n  schemas:\n    Refs:\n      type: object\n      properties:\n        note: {type: string, nullable: true, example: x}\n");
            File.WriteAllText(v31, "openapi: 3.1.0\ninfo: {title: t, version: v}\n" + Paths + "components:\n  schemas:\n    Refs:\n      type: object\n      properties:\n        note: {type: [string, 'null'], examples: [x]}\n");

            var result = Run(v30, v31, "--version", "0.2.1");

            Assert.Equal(new[] { "- no change to the Data Privacy part" }, result.Lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)));
            Assert.StartsWith("Version bump: none", result.Lines.Last());
        }

        [Fact]
        public void A_file_that_is_not_a_document_is_exit_1_and_a_bad_invocation_exit_2()
        {
            var broken = Path.Combine(_work, "broken.yml");
            File.WriteAllText(broken, "not: [an openapi document\n");

            Assert.Equal(1, Run(Fixture("base.yml"), broken).ExitCode);
            Assert.Equal(2, Run(Fixture("base.yml")).ExitCode);
        }

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "regeneration", name);

        private static (int ExitCode, string[] Lines) Run(params string[] args)
        {
#if DEBUG
            const string Configuration = "Debug";
#else
            const string Configuration = "Release";
#endif
            var tool = Path.Combine(BuiltLibrary.RepoRoot(), "tools", "GongSpecDiff", "bin", Configuration, "net10.0", "GongSpecDiff.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(tool);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Concat(stderr.Length > 0 ? new[] { "stderr: " + stderr } : Array.Empty<string>()).ToArray());
        }
    }
}
