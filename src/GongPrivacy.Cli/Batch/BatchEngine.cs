using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>
    /// The one engine of <c>batch erase</c>, <c>batch lookup</c> and <c>batch verify</c>: it reads the CSV and the journal,
    /// lets the job refuse a run, asks before erasing, opens the run, lets the job plan its rows, keeps up to
    /// <c>--max-in-flight</c> calls in flight (the library paces them at Gong's rate), stops for a typed reason, and ends
    /// the run with every row counted by state. The job never sees the engine.
    /// </summary>
    internal sealed partial class BatchEngine
    {
        /// <summary>How long after an earlier run's last call this run's first may go: Gong's window and a margin.</summary>
        private static readonly TimeSpan Settle = GongLimits.Window + TimeSpan.FromMilliseconds(250);

        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;
        private readonly IBatchJob _job;
        private readonly IAnsiConsole _console;
        private RowEnd? _stopEnd;

        private BatchEngine(CliEnvironment environment, BatchRequest request, IBatchJob job)
        {
            _environment = environment;
            _request = request;
            _job = job;
            _console = environment.Console;
        }

        /// <summary>Runs a batch: the exit code, or a <see cref="CliException"/> for a run that stopped on a failure a person must fix.</summary>
        public static async Task<int> RunAsync(CliEnvironment environment, BatchRequest request, IBatchJob job)
        {
            var (rows, fingerprint) = job.ReadCsv();
            using var journal = AuditJournal.Open(environment.Resolve(request.JournalPath), environment.GetVariable, environment.Time, request.ExpectHead);
            var history = RowHistory.Read(journal.Existing, journal.LastLineCut);
            job.Check(journal, history, rows, fingerprint);
            return await new BatchEngine(environment, request, job).RunAsync(journal, history, rows, fingerprint).ConfigureAwait(false);
        }

        private async Task<int> RunAsync(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint)
        {
            if (_job.Warning is string warning && (_request.Yes || _environment.CanAsk))
            {
                var writer = _console.Profile.Out.Writer;
                writer.WriteLine("warning: " + warning);
                writer.Flush();
            }

            if (_job.Action == RunAction.Erase && !_request.Yes && !Confirm(rows))
            {
                _console.MarkupLine("Nothing erased.");
                return ExitCodes.NotConfirmed;
            }

            await using var connection = await GongConnection.OpenAsync(_environment, _request.BaseUrl, _request.Sandbox).ConfigureAwait(false);
            _job.CheckTarget(connection);
            var run = Run.Open(_environment, journal, connection, _job.Action, _job.Opening(rows, fingerprint), _request.DailyQuota);
            var plan = _job.Plan(run, history, rows);
            foreach (var note in plan.Notes)
            {
                _console.MarkupLine(Markup.Escape(note));
            }

            _console.MarkupLine(Markup.Escape(_job.Introduction(run, plan)));
            await SettleAsync(run).ConfigureAwait(false);
            var stop = await DispatchAsync(run, plan).ConfigureAwait(false);
            _job.Complete(run, plan, stop);
            return Finish(run, plan, stop);
        }

        private bool Confirm(List<BatchRow> rows)
        {
            var valid = rows.Count(r => r.Subject != null);
            var question = _job.Question ?? $"Erase everything Gong holds for {Words.Plural(valid, "subject")}{(_request.Resume ? " (resuming the batch; rows done earlier are skipped)" : string.Empty)}? This cannot be undone.";
            if (!_environment.CanAsk)
            {
                throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased: there is no terminal to ask on. Add --yes to erase without the question.");
            }

            return _environment.Ask(question);
        }

        /// <summary>
        /// Gong still counts the calls an earlier run sent in its last second (a run killed or stopped a moment ago): this
        /// run's limiter does not know them, so the first calls wait until they are out of Gong's window.
        /// </summary>
        private async Task SettleAsync(Run run)
        {
            var last = run.Journal.Existing.Where(e => e.Run != run.Id && e.Event is JournalEvent.Sent or JournalEvent.RunStart).Select(e => e.Timestamp).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var settle = last + Settle - _environment.Time.GetUtcNow();
            if (settle > TimeSpan.Zero && settle <= Settle)
            {
                await Task.Delay(settle, _environment.Time, _environment.Interruption.Token).ConfigureAwait(false);
            }
        }

        private async Task<StopReason> DispatchAsync(Run run, BatchPlan plan)
        {
            if (_console.Profile.Capabilities.Interactive && plan.Work.Count > 0)
            {
                var stopped = StopReason.Finished;
                await _console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(_job.Action.Name(), maxValue: plan.Work.Count);
                        stopped = await LoopAsync(run, plan, () => task.Increment(1)).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                return stopped;
            }

            return await LoopAsync(run, plan, () => { }).ConfigureAwait(false);
        }

        /// <summary>Keeps up to <c>--max-in-flight</c> rows' calls in flight until the work ends or a stop reason comes.</summary>
        private async Task<StopReason> LoopAsync(Run run, BatchPlan plan, Action advance)
        {
            var running = new List<Task<(WorkItem Item, RowEnd End)>>();
            var stop = StopReason.Finished;
            var next = 0;
            while (true)
            {
                while (stop == StopReason.Finished && next < plan.Work.Count && running.Count < _request.MaxInFlight)
                {
                    stop = _environment.Interruption.Requested ? StopReason.Interrupted : run.Quota.Exhausted ? StopReason.DailyQuota : StopReason.Finished;
                    if (stop != StopReason.Finished)
                    {
                        break;
                    }

                    running.Add(RunOneAsync(plan.Work[next++]));
                }

                if (running.Count == 0)
                {
                    break;
                }

                var finished = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(finished);
                var (item, end) = await finished.ConfigureAwait(false);
                advance();
                plan.States[item.Row.Key] = end.State;
                Print(item, end);
                if (stop == StopReason.Finished && end.Stop != StopReason.Finished)
                {
                    stop = end.Stop;
                    _stopEnd = end;
                }
            }

            return stop == StopReason.Finished && _environment.Interruption.Requested ? StopReason.Interrupted : stop;
        }

        private static async Task<(WorkItem, RowEnd)> RunOneAsync(WorkItem item) => (item, await item.Run().ConfigureAwait(false));

        /// <summary>One line per row's end, in the words of its state.</summary>
        private void Print(WorkItem item, RowEnd end)
        {
            var info = end.State.Info();

            var colour = end.State switch
            {
                RowState.Verified or RowState.ErasedVerified or RowState.NothingHeld => "green",
                RowState.InDoubt or RowState.Remaining or RowState.Held => "yellow",
                RowState.Refused or RowState.Rejected or RowState.NeedsSupport or RowState.Failed or RowState.CameBack => "red",
                _ => "default",
            };
            var page = info.Page + (end.Status is int status ? " (" + status.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
            var detail = end.Detail == null ? string.Empty : ": " + end.Detail;
            var id = end.RequestId == null ? string.Empty : " (request id " + end.RequestId + ")";
            _console.MarkupLine($"{Markup.Escape(item.Label)}: [{colour}]{Markup.Escape(page)}[/]{Markup.Escape(detail + id)}");
        }
    }
}
