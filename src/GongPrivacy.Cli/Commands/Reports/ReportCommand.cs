using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Reports
{
    /// <summary><c>report --journal J --output evidence.html|csv|json</c>: the evidence for an auditor.</summary>
    internal static class ReportCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("report", "Turn a journal into evidence for an auditor: every row with its request, Gong's request id, its state and why, and totals; HTML, CSV or JSON by the file name. Subjects stay masked.");
            var journal = new Option<string>("--journal") { Description = "The audit journal of a batch (or of single erases and verifies).", Required = true };
            var output = new Option<string>("--output", "-o") { Description = "The report: evidence.html (self-contained, printable), evidence.csv or evidence.json; written owner-only.", Required = true };
            var force = new Option<bool>("--force") { Description = "Replace the --output file if it exists." };
            var publicKey = new Option<string?>("--public-key") { Description = "Check the journal with this public key (PEM, from 'journal export-public-key'), as an auditor does, instead of the key file beside it." };
            command.Add(journal);
            command.Add(output);
            command.Add(force);
            command.Add(publicKey);
            var expectHead = new Option<string?>("--expect-head") { Description = "A head kept from a later run or an earlier report ('Journal head: …'): the journal must reach it (see 'journal verify')." };
            command.Add(expectHead);
            command.SetAction((parse, token) =>
            {
                var kept = JournalCheck.KeptHead(parse.GetValue(expectHead));
                var target = environment.Resolve(parse.GetValue(output)!);
                var format = EvidenceReport.FormatOf(target);
                var journalPath = environment.Resolve(parse.GetValue(journal)!);
                var keyPath = parse.GetValue(publicKey);
                using var key = keyPath == null ? null : JournalPublicKey.Load(environment.Resolve(keyPath));
                using var file = ReportFile.Prepare(target, parse.GetValue(force));
                var evidence = Evidence.Load(journalPath, environment.GetVariable, key, keyPath == null ? null : "--public-key " + keyPath, kept);
                file.Commit(EvidenceReport.Render(format, Path.GetFileName(journalPath), evidence, environment.Time.GetUtcNow()));
                var totals = evidence.Totals().Select(t => t.Count.ToString(CultureInfo.InvariantCulture) + " " + t.State.Info().Page);
                environment.Console.MarkupLine($"Evidence report ({format}, {Markup.Escape(Words.Plural(evidence.Rows.Count, "row"))}: {Markup.Escape(string.Join(", ", totals))}) written to {Markup.Escape(file.Path)}");
                foreach (var line in evidence.IntegrityLines())
                {
                    environment.Console.MarkupLine(Markup.Escape(line));
                }
                if (evidence.Runs.AnySandbox)
                {
                    environment.Console.MarkupLine("[yellow]The calls went to the embedded sandbox:[/] this is not evidence of erasure at Gong.");
                }

                if (evidence.Integrity.Head.Length > 0)
                {
                    environment.JournalHead.Head = evidence.Integrity.ShortHead;
                }

                if (evidence.Integrity.Shortfall(journalPath) is string shortfall)
                {
                    // The same check as 'journal verify': the evidence is written, saying so in red, and the exit code says it too.
                    throw new CliException(ExitCodes.JournalTampered, shortfall + " The evidence says so in red.");
                }

                return Task.FromResult(ExitCodes.Ok);
            });
            return command;
        }
    }
}
