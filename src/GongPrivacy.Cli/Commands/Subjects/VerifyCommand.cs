using System.CommandLine;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Subjects
{
    /// <summary>
    /// <c>verify email|phone &lt;value&gt;</c>: look a subject up again after an erase, and record what it says in the journal:
    /// nothing left makes an accepted erase <c>verified</c> and one in doubt <c>erased (verified)</c>, with both request ids.
    /// </summary>
    internal static class VerifyCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("verify", "Look a subject up again after an erasure and record the outcome in the journal (a batch's journal too: it settles that row). Exit code 0: nothing remains; 3: references remain.");
            var kind = CommonOptions.KindArgument();
            var value = CommonOptions.ValueArgument();
            var journal = CommonOptions.JournalOption();
            command.Add(kind);
            command.Add(value);
            command.Add(journal);
            command.SetAction(async (parse, token) =>
            {
                var subject = CommonOptions.Subject(parse.GetValue(kind), parse.GetValue(value));
                await using var single = await SingleRun.OpenAsync(environment, common.JournalPath(parse.GetValue(journal)), parse.GetValue(common.BaseUrl), parse.GetValue(common.Sandbox), RunAction.Verify, subject).ConfigureAwait(false);
                return await VerifyAsync(environment, single).ConfigureAwait(false);
            });
            return command;
        }

        /// <summary>The single verify, on a run already open: also the demo's.</summary>
        public static async Task<int> VerifyAsync(CliEnvironment environment, SingleRun single)
        {
            var (end, data) = await RowCall.LookUpAsync(single.Run, single.Row, CallKind.Verify, single.State).ConfigureAwait(false);
            if (data == null)
            {
                throw single.Fail(end);
            }

            single.Run.End(StopReason.Finished, null);
            Report.RenderSummary(environment.Console, single.Row.Subject, data, single.Connection.Target);
            if (!data.IsEmpty)
            {
                environment.Console.MarkupLine(single.State == RowState.NeedsSupport
                    ? "[yellow]References remain.[/] Gong refused this subject's erase (the journal's row needs Gong Support): nothing was erased, and nothing will be until Gong Support carries it out."
                    : "[yellow]References remain.[/] An erasure may still be running; Gong says it can take several hours.");
                return ExitCodes.ReferencesRemain;
            }

            environment.Console.MarkupLine(end.State == RowState.ErasedVerified && single.State == RowState.InDoubt
                ? "[green]Verified: no references remain.[/] The erase that was in doubt is settled in the journal: erased (verified)."
                : "[green]Verified: no references remain.[/]");
            return ExitCodes.Ok;
        }
    }
}
