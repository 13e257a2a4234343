using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>How a batch run ends: its rows counted by state in the journal and on the console, and its exit code.</summary>
    internal sealed partial class BatchEngine
    {
        private int Finish(Run run, BatchPlan plan, StopReason stop)
        {
            var counts = RowStates.All.Select(i => (i.Name, Count: plan.States.Values.Count(s => s == i.State))).Where(c => c.Count > 0).ToDictionary(c => c.Name, c => c.Count);
            var detail = stop switch
            {
                StopReason.Finished => null,
                StopReason.Interrupted => "stopped by " + _environment.Interruption.Signal,
                StopReason.DailyQuota => "daily quota of " + run.Quota.Limit.ToString(CultureInfo.InvariantCulture) + " calls used; resumes after " + run.Quota.ResetsAt.ToString("u", CultureInfo.InvariantCulture),
                _ => stop.Text(),
            };
            run.End(stop, counts, detail);

            var summary = new Table().AddColumn(_job.Action == RunAction.Verify ? "row state (verify)" : "row state").AddColumn(new TableColumn("rows").RightAligned());
            foreach (var info in RowStates.All.Where(i => counts.ContainsKey(i.Name)))
            {
                summary.AddRow(Markup.Escape(info.Page), counts[info.Name].ToString(CultureInfo.InvariantCulture));
            }

            _console.Write(summary);
            _console.MarkupLine($"Journal: {Markup.Escape(run.Journal.Path)}");
            _console.MarkupLine(Markup.Escape(_environment.JournalHead.Say()));
            foreach (var remark in Remarks(plan))
            {
                _console.MarkupLine(Markup.Escape(remark));
            }

            switch (stop)
            {
                case StopReason.Finished:
                    return _job.ExitCode(plan.States.Values);
                case StopReason.Interrupted:
                    _console.MarkupLine($"Interrupted by {_environment.Interruption.Signal}: the calls in flight ended, no new one began, and the journal says where each row stands. Run the same command with --resume to continue.");
                    return _environment.Interruption.ExitCode;
                case StopReason.DailyQuota:
                    _console.MarkupLine($"[yellow]Gong's daily quota ({run.Quota.Limit} calls, every attempt counted) is used up.[/] Stopped cleanly; run the same command with --resume after {run.Quota.ResetsAt:u}.");
                    return stop.Exit();
                case StopReason.RateLimited:
                    _console.MarkupLine("[yellow]Gong keeps answering 429 (its daily quota, most likely).[/] Stopped cleanly; run the same command with --resume later.");
                    return stop.Exit();
                case StopReason.NoToken:
                    throw CredentialMessages.Failure(_stopEnd!.Error!, " The batch stopped; nothing more was sent. Continue it with --resume.");
                case StopReason.CredentialsRefused:
                    throw new CliException(stop.Exit(), "Gong refused the credentials (HTTP " + _stopEnd!.Status + ", request id " + (_stopEnd.RequestId ?? "none") + "); the batch stopped and can be resumed with --resume.");
                case StopReason.NotGong:
                    throw new CliException(stop.Exit(), _stopEnd!.Error!.Message + " The batch stopped; nothing more was sent. Resume it with --resume once the base URL is right.");
                default:
                    throw new CliException(stop.Exit(), "Gong could not be reached at " + run.Connection.Target + ": " + _stopEnd!.Error!.Failure + ". Nothing more was sent; the batch can be resumed with --resume.");
            }
        }

        private IEnumerable<string> Remarks(BatchPlan plan)
        {
            foreach (var remark in _job.Remarks(plan))
            {
                yield return remark;
            }

            var inDoubt = plan.LinesIn(RowState.InDoubt);
            if (inDoubt.Count > 0)
            {
                var n = inDoubt.Count;
                yield return (n == 1 ? "1 erasure is" : n + " erasures are") + " in doubt (" + Words.Lines(inDoubt) + "): Gong may or may not have accepted " + (n == 1 ? "it" : "them")
                    + ", and " + (n == 1 ? "it is" : "they are") + " not counted as done. Settle " + (n == 1 ? "it" : "them") + " by looking up later ('gong-privacy batch verify " + _request.CsvPath + " --journal " + _request.JournalPath
                    + "' or 'gong-privacy verify' with the same --journal): nothing found makes a row 'erased (verified)'. Or send again with --resume --resend-in-doubt (Gong's erase is idempotent).";
            }
        }
    }
}
