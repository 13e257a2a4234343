using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Runs;
using GongPrivacy.Cli.Sandbox;
using GongPrivacy.Testing;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Demo
{
    /// <summary>
    /// <c>demo</c>: a complete request against the embedded sandbox, by the same paths a person takes: lookup, the access
    /// report, a single erase and single verifies on one journal, the evidence report from it.
    /// </summary>
    internal static class DemoCommand
    {
        public static Command Create(CommonOptions common)
        {
            var demo = new Command("demo", "A complete request against the embedded sandbox: lookup, access report, erase, verify until nothing remains, evidence report.");
            var folder = new Option<string>("--output-dir") { Description = "Where the report and the journal go.", DefaultValueFactory = _ => "gong-privacy-demo" };
            demo.Add(folder);
            demo.SetAction((parse, token) => RunAsync(common.Environment, parse.GetValue(folder)!, token));
            return demo;
        }

        private static async Task<int> RunAsync(CliEnvironment environment, string folder, CancellationToken token)
        {
            var console = environment.Console;
            var output = environment.Resolve(folder);
            var state = Path.Combine(output, "sandbox-state.json");
            try
            {
                Directory.CreateDirectory(output);
                File.Delete(state);
                using (File.Create(Path.Combine(output, ".gong-privacy-demo-probe"), 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, "The demo's folder " + output + " cannot be written (" + (ex is UnauthorizedAccessException ? "permission denied" : ex.Message.TrimEnd('.')) + "); choose another with --output-dir.");
            }

            var demo = environment.For(output, state);
            var subject = Subject.Create(SubjectKind.Email, FakeGong.SampleSubjects[0]);
            var journal = Path.Combine(output, "audit.jsonl");

            Heading(console, "1. Look the subject up");
            await using (var connection = await GongConnection.OpenAsync(demo, null, sandbox: true).ConfigureAwait(false))
            {
                var data = await connection.Client.LookUpAsync(subject, token).ConfigureAwait(false);
                Report.RenderSummary(console, subject, data, connection.Target);

                Heading(console, "2. Write the access-request report");
                var report = Path.Combine(output, "report.json");
                var tree = SubjectReport.Tree(data);
                ShareLinks.Mask(tree);
                Report.Write(report, Report.Render(tree, "json"));
                console.MarkupLine($"Full result written to {Markup.Escape(report)}");
            }

            Heading(console, "3. Erase (the journal records it)");
            console.MarkupLine("The sample subject is flagged crm-still-holds: the demo approves it, as 'erase --approve crm-still-holds' does. At a real tenant, delete the subject in the CRM first.");
            await using (var single = await SingleRun.OpenAsync(demo, journal, null, true, RunAction.Erase, subject).ConfigureAwait(false))
            {
                var erased = await EraseCommand.EraseAsync(demo, single, yes: true, dryRun: false, new SingleReview(new[] { PlanFlags.CrmStillHolds }, ReviewThresholds.Default)).ConfigureAwait(false);
                if (erased != ExitCodes.Ok)
                {
                    return erased;
                }
            }

            Heading(console, "4. Verify at once: Gong erases asynchronously");
            var first = await VerifyAsync(demo, journal, subject).ConfigureAwait(false);
            console.MarkupLine($"verify exit code: {first}");

            var erasureDelay = SandboxSettings.ErasureDelay(demo);
            Heading(console, $"5. Wait {erasureDelay.TotalSeconds:0.#} s (hours at a real tenant) and verify again");
            await Task.Delay(erasureDelay, environment.Time, token).ConfigureAwait(false); // on the clock the sandbox runs on
            var second = await VerifyAsync(demo, journal, subject).ConfigureAwait(false);

            Heading(console, "6. Write the evidence report for an auditor (subjects masked)");
            var evidencePath = Path.Combine(output, "evidence.html");
            using (var evidence = ReportFile.Prepare(evidencePath, force: true))
            {
                evidence.Commit(EvidenceReport.Render("html", "audit.jsonl", Evidence.Load(journal, environment.GetVariable), environment.Time.GetUtcNow()));
            }

            console.MarkupLine($"Evidence report written to {Markup.Escape(evidencePath)} (also: gong-privacy report --journal {Markup.Escape(journal)} --output evidence.csv)");
            console.MarkupLine(second == ExitCodes.Ok ? "[green]Demo complete: looked up, reported, erased, verified and evidenced.[/]" : "[red]Demo failed: references remain after the erasure delay.[/]");
            return second;
        }

        private static async Task<int> VerifyAsync(CliEnvironment environment, string journal, Subject subject)
        {
            await using var single = await SingleRun.OpenAsync(environment, journal, null, true, RunAction.Verify, subject).ConfigureAwait(false);
            return await VerifyCommand.VerifyAsync(environment, single).ConfigureAwait(false);
        }

        /// <summary>A step heading that does not depend on the console's width.</summary>
        private static void Heading(IAnsiConsole console, string title) => console.MarkupLine("[bold]== " + Markup.Escape(title) + " ==[/]");
    }
}
