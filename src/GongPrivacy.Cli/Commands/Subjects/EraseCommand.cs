using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Subjects
{
    /// <summary>
    /// <c>erase email|phone &lt;value&gt;</c>: look the subject up, show what an erase removes and the plan's flags with their
    /// sentences, refuse a flagged subject without <c>--approve</c> for each flag, send nothing when Gong holds nothing,
    /// ask, erase, journal it.
    /// </summary>
    internal static class EraseCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("erase", "Look a subject up, show what will be erased and its flags (other-people, crm-still-holds, large), ask, then ask Gong to erase it; a flagged subject needs --approve for each flag. Every step goes to the audit journal, as a batch's row does.");
            var kind = CommonOptions.KindArgument();
            var value = CommonOptions.ValueArgument();
            var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
            var dryRun = new Option<bool>("--dry-run") { Description = "Look up and show what would be erased and its flags; send no erase." };
            var approve = new Option<string[]>("--approve") { Description = "Erase a subject flagged so, once reviewed: other-people, crm-still-holds, large (comma-separated). Recorded in the journal with your user name and the time." };
            var reviewAbove = ReviewAboveOption();
            var journal = CommonOptions.JournalOption();
            command.Add(kind);
            command.Add(value);
            foreach (var option in new Option[] { yes, dryRun, approve, reviewAbove, journal })
            {
                command.Add(option);
            }

            command.SetAction(async (parse, token) =>
            {
                var subject = CommonOptions.Subject(parse.GetValue(kind), parse.GetValue(value));
                var review = new SingleReview(PlanFlags.ParseApproval(parse.GetValue(approve)), ReviewThresholds.Parse(parse.GetValue(reviewAbove)));
                await using var single = await SingleRun.OpenAsync(environment, common.JournalPath(parse.GetValue(journal)), parse.GetValue(common.BaseUrl), parse.GetValue(common.Sandbox), RunAction.Erase, subject).ConfigureAwait(false);
                return await EraseAsync(environment, single, parse.GetValue(yes), parse.GetValue(dryRun), review).ConfigureAwait(false);
            });
            return command;
        }

        /// <summary><c>--review-above</c> of a single command.</summary>
        public static Option<string[]> ReviewAboveOption() => new Option<string[]>("--review-above") { Description = "Flag the subject 'large' above these counts, as category=count pairs (default " + ReviewThresholds.Default.Describe() + ")." };

        /// <summary>The single erase, on a run already open: also the demo's.</summary>
        public static async Task<int> EraseAsync(CliEnvironment environment, SingleRun single, bool yes, bool dryRun, SingleReview approval)
        {
            var console = environment.Console;
            var run = single.Run;
            var subject = single.Row.Subject;
            if (single.State == RowState.NeedsSupport)
            {
                // Gong refused this erase before, as the journal holds: the same erase gets the same refusal, and only Gong Support can change that.
                Skip(run, single.Row, RowState.NeedsSupport, "not sent again: Gong refused an erase of this subject earlier; it needs Gong Support");
                run.End(StopReason.Finished, null);
                throw new CliException(ExitCodes.GongError, RowState.NeedsSupport.Info().Page + ": Gong refused an erase of " + subject.KindName + " " + subject.Masked + " earlier, as " + single.Journal.Path + " records, and the tool does not send it again ('gong-privacy report' lists what Gong Support needs). Nothing was sent.");
            }

            var (preview, data) = await RowCall.LookUpAsync(run, single.Row, CallKind.Verify, single.State).ConfigureAwait(false);
            if (data == null)
            {
                throw single.Fail(preview);
            }

            console.MarkupLine("[bold]This is what an erasure removes:[/]");
            Report.RenderSummary(console, subject, data, single.Connection.Target);
            var review = PlanReview.Of(subject, data, approval.Thresholds);
            ReviewConsole.Show(console, data, review, approval.Thresholds);
            if (data.IsEmpty)
            {
                if (preview.State == RowState.NothingFound)
                {
                    Skip(run, single.Row, RowState.NothingHeld, "nothing held (Gong request id " + (data.RequestId ?? "none") + "): no erase needed, none sent", data.RequestId);
                }

                run.End(StopReason.Finished, null);
                console.MarkupLine("Gong holds nothing for this subject: no erase is needed, and none was sent.");
                return ExitCodes.Ok;
            }

            if (dryRun)
            {
                Skip(run, single.Row, preview.State, "a dry run: the lookup above, and no erase");
                run.End(StopReason.DryRun, null);
                console.MarkupLine("Dry run: no erase was sent.");
                return ExitCodes.Ok;
            }

            var missing = PlanFlags.NotApproved(review.Flags, approval.Approved);
            if (missing.Count > 0)
            {
                Skip(run, single.Row, RowState.Held, "held for review: not approved: " + string.Join(", ", missing) + " (approve with --approve " + string.Join(",", missing) + ")", flags: missing);
                run.End(StopReason.NotApproved, null);
                throw new CliException(ExitCodes.PlanRefused, ReviewConsole.Refusal(subject, data, review, missing, approval.Thresholds) + " Nothing was sent.");
            }

            if (!yes && !environment.CanAsk)
            {
                Skip(run, single.Row, preview.State, "not confirmed: there was no terminal to ask on");
                run.End(StopReason.Declined, null);
                throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased: there is no terminal to ask on. Add --yes to erase without the question.");
            }

            var flagged = review.Flags.Count == 0 ? string.Empty : " (flagged " + string.Join(", ", review.Flags) + ", approved)";
            if (!yes && !environment.Ask($"Erase everything Gong holds for {subject.KindName} {subject.Masked}{flagged}? This cannot be undone."))
            {
                Skip(run, single.Row, preview.State, "the operator answered no");
                run.End(StopReason.Declined, null);
                console.MarkupLine("Nothing erased.");
                return ExitCodes.NotConfirmed;
            }

            if (review.Flags.Count > 0)
            {
                var approved = run.Entry(JournalEvent.Approved);
                approved.Flags = review.Flags.ToList();
                approved.Operator = string.IsNullOrWhiteSpace(environment.UserName) ? null : environment.UserName;
                approved.Detail = "approved for this single erase: the subject flagged " + string.Join(", ", review.Flags);
                run.Journal.Append(approved);
            }

            var end = await RowCall.EraseAsync(run, single.Row).ConfigureAwait(false);
            if (end.State == RowState.InDoubt && !end.Interrupted)
            {
                run.End(end.Stop, null, end.Detail);
                throw new CliException(ExitCodes.GongError, "The erase is in doubt: " + end.Detail);
            }

            if (end.State == RowState.NeedsSupport)
            {
                run.End(StopReason.Finished, null, end.Detail);
                throw new CliException(ExitCodes.GongError, RowState.NeedsSupport.Info().Page + ": " + end.Detail + ".");
            }

            if (end.State != RowState.Accepted)
            {
                throw single.Fail(end);
            }

            run.End(StopReason.Finished, null);
            console.MarkupLine($"Gong accepted the erasure: request id [bold]{Markup.Escape(end.RequestId ?? "none")}[/].");
            console.MarkupLine($"Erasure runs asynchronously and may take several hours. Check later: run 'gong-privacy verify {subject.KindName}' with the same {(subject.Kind == SubjectKind.Email ? "address" : "number")} and journal{(single.Connection.Sandbox != null ? " and --sandbox" : string.Empty)}.");
            console.MarkupLine($"Journal: {Markup.Escape(single.Journal.Path)}");
            console.MarkupLine(Markup.Escape(environment.JournalHead.Say()));
            return ExitCodes.Ok;
        }

        private static void Skip(Run run, RowRef row, RowState state, string why, string? requestId = null, List<string>? flags = null)
        {
            var entry = run.RowEntry(JournalEvent.Skipped, row, state);
            entry.Detail = why;
            entry.RequestId = requestId;
            entry.Flags = flags;
            run.Journal.Append(entry);
        }
    }

    /// <summary>What a single erase was told to approve, and the thresholds of <c>large</c>.</summary>
    internal sealed record SingleReview(IReadOnlyCollection<string> Approved, ReviewThresholds Thresholds);
}
