using System.CommandLine;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Subjects
{
    /// <summary><c>erase email|phone &lt;value&gt;</c>: look the subject up, show what an erase removes, ask, erase, journal it.</summary>
    internal static class EraseCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("erase", "Look a subject up, show what will be erased, ask, then ask Gong to erase it; every step goes to the audit journal, as a batch's row does.");
            var kind = CommonOptions.KindArgument();
            var value = CommonOptions.ValueArgument();
            var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
            var dryRun = new Option<bool>("--dry-run") { Description = "Look up and show what would be erased; send no erase." };
            var journal = CommonOptions.JournalOption();
            command.Add(kind);
            command.Add(value);
            command.Add(yes);
            command.Add(dryRun);
            command.Add(journal);
            command.SetAction(async (parse, token) =>
            {
                var subject = CommonOptions.Subject(parse.GetValue(kind), parse.GetValue(value));
                await using var single = await SingleRun.OpenAsync(environment, common.JournalPath(parse.GetValue(journal)), parse.GetValue(common.BaseUrl), parse.GetValue(common.Sandbox), RunAction.Erase, subject).ConfigureAwait(false);
                return await EraseAsync(environment, single, parse.GetValue(yes), parse.GetValue(dryRun)).ConfigureAwait(false);
            });
            return command;
        }

        /// <summary>The single erase, on a run already open: also the demo's.</summary>
        public static async Task<int> EraseAsync(CliEnvironment environment, SingleRun single, bool yes, bool dryRun)
        {
            var console = environment.Console;
            var run = single.Run;
            var (preview, data) = await RowCall.LookUpAsync(run, single.Row, CallKind.Verify, single.State).ConfigureAwait(false);
            if (data == null)
            {
                throw single.Fail(preview);
            }

            console.MarkupLine("[bold]This is what an erasure removes:[/]");
            Report.RenderSummary(console, single.Row.Subject, data, single.Connection.Target);
            if (dryRun)
            {
                Skip(run, single.Row, preview.State, "a dry run: the lookup above, and no erase");
                run.End(StopReason.DryRun, null);
                console.MarkupLine("Dry run: no erase was sent.");
                return ExitCodes.Ok;
            }

            if (!yes && !environment.CanAsk)
            {
                Skip(run, single.Row, preview.State, "not confirmed: there was no terminal to ask on");
                run.End(StopReason.Declined, null);
                throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased: there is no terminal to ask on. Add --yes to erase without the question.");
            }

            if (!yes && !environment.Ask($"Erase everything Gong holds for {single.Row.Subject.KindName} {single.Row.Subject.Masked}? This cannot be undone."))
            {
                Skip(run, single.Row, preview.State, "the operator answered no");
                run.End(StopReason.Declined, null);
                console.MarkupLine("Nothing erased.");
                return ExitCodes.NotConfirmed;
            }

            var end = await RowCall.EraseAsync(run, single.Row).ConfigureAwait(false);
            if (end.State == RowState.InDoubt && !end.Interrupted)
            {
                run.End(end.Stop, null, end.Detail);
                throw new CliException(ExitCodes.GongError, "The erase is in doubt: " + end.Detail);
            }

            if (end.State != RowState.Accepted)
            {
                throw single.Fail(end);
            }

            run.End(StopReason.Finished, null);
            console.MarkupLine($"Gong accepted the erasure: request id [bold]{Markup.Escape(end.RequestId ?? "none")}[/].");
            console.MarkupLine($"Erasure runs asynchronously and may take several hours. Check later: run 'gong-privacy verify {single.Row.Subject.KindName}' with the same {(single.Row.Subject.Kind == SubjectKind.Email ? "address" : "number")} and journal{(single.Connection.Sandbox != null ? " and --sandbox" : string.Empty)}.");
            console.MarkupLine($"Journal: {Markup.Escape(single.Journal.Path)}");
            console.MarkupLine(Markup.Escape(environment.JournalHead.Say()));
            return ExitCodes.Ok;
        }

        private static void Skip(Run run, RowRef row, RowState state, string why)
        {
            var entry = run.RowEntry(JournalEvent.Skipped, row, state);
            entry.Detail = why;
            run.Journal.Append(entry);
        }
    }
}
