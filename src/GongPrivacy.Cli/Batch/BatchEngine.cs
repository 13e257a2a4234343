using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>One row's work: its line, its label for a person, and its call.</summary>
    internal sealed record WorkItem(int? Line, string Label, Func<Task<RowDone>> Run);

    /// <summary>
    /// The one engine of <c>batch erase</c>, <c>batch lookup</c> and <c>batch verify</c>: it reads the CSV and the journal,
    /// checks a resume, asks before erasing, opens the run (host, sandbox or not, version), lets the job plan its rows,
    /// keeps up to <c>--max-in-flight</c> calls in flight (the library paces them at Gong's rate), counts the daily quota
    /// (one owner, seeded from the journal), stops for a typed reason, and ends the run in the journal and on the console.
    /// </summary>
    internal sealed class BatchEngine
    {
        /// <summary>How long after an earlier run's last call this run's first may go: Gong's second and a margin.</summary>
        private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(1250);

        private readonly BatchJob _job;
        private readonly List<string> _inDoubtLines = new List<string>();
        private GongApiException? _stopError;

        private BatchEngine(CliEnvironment environment, BatchRequest request, AuditJournal journal, BatchJob job)
        {
            Environment = environment;
            Request = request;
            Journal = journal;
            Console = environment.Console;
            _job = job;
        }

        public CliEnvironment Environment { get; }

        public BatchRequest Request { get; }

        public AuditJournal Journal { get; }

        public IAnsiConsole Console { get; }

        public Tally Tally { get; } = new Tally();

        /// <summary>This run's id.</summary>
        public string Run { get; private set; } = string.Empty;

        public GongConnection Connection { get; private set; } = null!;

        /// <summary>When this run began.</summary>
        public DateTimeOffset Now { get; private set; }

        /// <summary>The lines of rows in doubt, for the summary.</summary>
        public List<string> InDoubtLines => _inDoubtLines;

        public static async Task<int> RunAsync(CliEnvironment environment, BatchRequest request)
        {
            BatchJob job = request.Action == BatchAction.Verify ? new VerifyJob(environment, request) : new CallJob(request.Action);
            var (rows, fingerprint) = job.ReadCsv(environment, request);
            using var journal = AuditJournal.Open(environment.Resolve(request.JournalPath), environment.GetVariable, environment.Time);
            return await new BatchEngine(environment, request, journal, job).RunAsync(rows, fingerprint).ConfigureAwait(false);
        }

        /// <summary>A journal entry of this run.</summary>
        public JournalEntry Entry(string journalEvent) => new JournalEntry
        {
            Timestamp = Environment.Time.GetUtcNow(),
            Event = journalEvent,
            Run = Run,
            Action = _job.JournalAction,
        };

        private async Task<int> RunAsync(List<BatchRow> rows, string fingerprint)
        {
            _job.Check(this, rows, fingerprint);
            if (Request.Action == BatchAction.Erase && !Request.Yes)
            {
                var valid = rows.Count(r => r.Subject != null);
                var question = $"Erase everything Gong holds for {Plural(valid, "subject")}{(Request.Resume ? " (resuming the batch; rows done earlier are skipped)" : string.Empty)}? This cannot be undone.";
                if (!Environment.CanAsk)
                {
                    throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased: there is no terminal to ask on. Add --yes to erase without the question.");
                }

                if (!Environment.Ask(question))
                {
                    Console.MarkupLine("Nothing erased.");
                    return ExitCodes.NotConfirmed;
                }
            }

            await using var connection = await GongConnection.OpenAsync(Environment, Request.BaseUrl, Request.Sandbox).ConfigureAwait(false);
            Connection = connection;
            Run = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4).ToLowerInvariant();
            var start = Entry(Request.Resume ? _job.ResumeEvent : _job.StartEvent);
            Now = start.Timestamp;
            start.Source = fingerprint;
            start.KeyId = Journal.KeyId;
            RunContext.Describe(start, Environment, connection);
            start.MaxInFlight = Request.MaxInFlight;
            _job.Open(this, start, rows);
            Journal.Append(start);
            var quota = DailyQuota.FromJournal(Journal.Existing, Request.DailyQuota, Environment.Time);
            var work = _job.Plan(this, rows);
            Console.MarkupLine(Markup.Escape(_job.Introduction(this, work.Count)));
            await SettleAsync().ConfigureAwait(false);
            var stop = await DispatchAsync(work, quota).ConfigureAwait(false);
            return Finish(stop);
        }

        private async Task<StopReason> DispatchAsync(List<WorkItem> work, DailyQuota quota)
        {
            if (Console.Profile.Capabilities.Interactive && work.Count > 0)
            {
                var stopped = StopReason.Finished;
                await Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Request.Action.Name(), maxValue: work.Count);
                        stopped = await LoopAsync(work, quota, () => task.Increment(1)).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                return stopped;
            }

            return await LoopAsync(work, quota, () => { }).ConfigureAwait(false);
        }

        /// <summary>
        /// Gong still counts the calls an earlier run sent in its last second (a run killed or stopped a moment ago): this
        /// run's limiter does not know them, so the first calls wait until they are out of Gong's window.
        /// </summary>
        private async Task SettleAsync()
        {
            var last = Journal.Existing.Where(e => e.Run != Run && e.Event is JournalEvents.Sent or JournalEvents.Start or VerifyEvents.Lookup).Select(e => e.Timestamp).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var settle = last + Settle - Environment.Time.GetUtcNow();
            if (settle > TimeSpan.Zero && settle <= Settle)
            {
                await Task.Delay(settle, Environment.Time, Environment.Interruption.Token).ConfigureAwait(false);
            }
        }

        /// <summary>Keeps up to <c>--max-in-flight</c> rows' calls in flight until the work ends or a stop reason comes.</summary>
        private async Task<StopReason> LoopAsync(List<WorkItem> work, DailyQuota quota, Action advance)
        {
            var running = new List<Task<(WorkItem Item, RowDone Done)>>();
            var stop = StopReason.Finished;
            var next = 0;
            while (true)
            {
                while (stop == StopReason.Finished && next < work.Count && running.Count < Request.MaxInFlight)
                {
                    if (Environment.Interruption.Requested)
                    {
                        stop = StopReason.Interrupted;
                        break;
                    }

                    if (!quota.TryTake())
                    {
                        var resets = quota.ResetsAt.ToString("u", CultureInfo.InvariantCulture);
                        var entry = Entry(JournalEvents.QuotaStop);
                        entry.Detail = "daily quota of " + quota.Limit.ToString(CultureInfo.InvariantCulture) + " calls used; resumes after " + resets;
                        Journal.Append(entry);
                        Console.MarkupLine($"[yellow]Gong's daily quota ({quota.Limit} calls) is used up.[/] Stopped cleanly; run the same command with --resume after {resets}.");
                        stop = StopReason.DailyQuota;
                        break;
                    }

                    var item = work[next++];
                    running.Add(RunOneAsync(item));
                }

                if (running.Count == 0)
                {
                    break;
                }

                var finished = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(finished);
                var (done, result) = await finished.ConfigureAwait(false);
                advance();
                var reason = Handle(done, result);
                stop = stop == StopReason.Finished ? reason : stop;
            }

            if (stop == StopReason.Finished && Environment.Interruption.Requested)
            {
                stop = StopReason.Interrupted;
            }

            Tally.Add(RowResult.NotAttempted, work.Count - next);
            return stop;
        }

        private static async Task<(WorkItem, RowDone)> RunOneAsync(WorkItem item) => (item, await item.Run().ConfigureAwait(false));

        /// <summary>Counts and prints a row's end; the typed reason the batch must stop, or <see cref="StopReason.Finished"/>.</summary>
        private StopReason Handle(WorkItem item, RowDone done)
        {
            Tally.Add(done.Result);
            var label = Markup.Escape(item.Label);
            var id = Markup.Escape(done.RequestId ?? "none");
            var detail = Markup.Escape(done.Detail ?? string.Empty);
            switch (done.Result)
            {
                case RowResult.Accepted:
                case RowResult.Found:
                case RowResult.None:
                    Console.MarkupLine($"{label}: {Tally.Name(done.Result)} (request id {id})");
                    break;
                case RowResult.Verified:
                    Console.MarkupLine($"{label}: [green]verified[/]: nothing remains (request id {id})");
                    break;
                case RowResult.Remaining:
                    Console.MarkupLine($"{label}: [yellow]remaining[/]: {Markup.Escape(Counts(done.Counts))} (request id {id})");
                    break;
                case RowResult.InDoubt:
                    _inDoubtLines.Add(item.Line?.ToString(CultureInfo.InvariantCulture) ?? "?");
                    Console.MarkupLine($"{label}: [yellow]in doubt[/]: {detail}");
                    break;
                case RowResult.NotSent:
                    Console.MarkupLine($"{label}: not sent: {detail}");
                    break;
                case RowResult.Refused:
                    Console.MarkupLine($"{label}: [red]sent, refused ({done.Status})[/]: {detail}");
                    break;
                default:
                    Console.MarkupLine($"{label}: [red]failed[/]: {detail}");
                    break;
            }

            var reason = StopFor(done);
            _stopError ??= reason is StopReason.NoToken or StopReason.Unreachable or StopReason.CredentialsRefused ? done.Error : null;
            if (reason == StopReason.RateLimited)
            {
                var entry = Entry(JournalEvents.QuotaStop);
                entry.Detail = "Gong kept answering 429 after retries: its rate limit or daily quota";
                Journal.Append(entry);
                Console.MarkupLine("[yellow]Gong keeps answering 429 (its daily quota, most likely).[/] Stopped cleanly; run the same command with --resume later.");
            }

            return reason;
        }

        /// <summary>Whether a row's end stops the batch, and why: the one place that reads it.</summary>
        private StopReason StopFor(RowDone done)
        {
            if (done.Interrupted)
            {
                return StopReason.Interrupted;
            }

            if (done.Error is GongCredentialException)
            {
                return StopReason.NoToken;
            }

            return done.Result switch
            {
                RowResult.Refused or RowResult.Failed when done.Status == 429 => StopReason.RateLimited,
                RowResult.Refused or RowResult.Failed when done.Status is 401 or 403 => StopReason.CredentialsRefused,
                RowResult.NotSent or RowResult.Failed when done.Error != null && done.Status == 0 => StopReason.Unreachable,
                _ => StopReason.Finished,
            };
        }

        private int Finish(StopReason stop)
        {
            var end = Entry(stop switch
            {
                StopReason.Finished => _job.EndEvent,
                StopReason.Interrupted => JournalEvents.Interrupted,
                StopReason.DailyQuota or StopReason.RateLimited => JournalEvents.BatchPaused,
                _ => JournalEvents.BatchStopped,
            });
            end.Counts = Tally.ByName();
            end.Detail = stop switch
            {
                StopReason.Finished => null,
                StopReason.Interrupted => "stopped by " + Environment.Interruption.Signal,
                _ => Describe(stop),
            };
            Journal.Append(end);

            var summary = new Table().AddColumn(_job.OutcomeHeading).AddColumn(new TableColumn(_job.CountHeading).RightAligned());
            foreach (var pair in end.Counts)
            {
                summary.AddRow(pair.Key, pair.Value.ToString(CultureInfo.InvariantCulture));
            }

            Console.Write(summary);
            Console.MarkupLine($"Journal: {Markup.Escape(Journal.Path)}");
            _job.Remarks(this);
            switch (stop)
            {
                case StopReason.Interrupted:
                    Console.MarkupLine($"Interrupted by {Environment.Interruption.Signal}: the calls in flight ended, no new one began, and the journal says where each row stands. Run the same command with --resume to continue.");
                    return Environment.Interruption.ExitCode;
                case StopReason.DailyQuota:
                case StopReason.RateLimited:
                    return ExitCodes.QuotaReached;
                case StopReason.NoToken:
                    throw CliApp.CredentialFailure(_stopError!, " The batch stopped; nothing more was sent. Continue it with --resume.");
                case StopReason.CredentialsRefused:
                    throw new CliException(ExitCodes.Credentials, "Gong refused the credentials (HTTP " + _stopError!.StatusCode + ", request id " + (_stopError.RequestId ?? "none") + "); the batch stopped and can be resumed with --resume.");
                case StopReason.Unreachable:
                    throw new CliException(ExitCodes.GongError, "Gong could not be reached at " + Connection.Target + ": " + _stopError!.Failure + ". Nothing more was sent; the batch can be resumed with --resume.");
                default:
                    return _job.ExitCode(this);
            }
        }

        private static string Describe(StopReason stop) => stop switch
        {
            StopReason.DailyQuota => "the daily quota is used up",
            StopReason.RateLimited => "Gong kept answering 429",
            StopReason.CredentialsRefused => "Gong refused the credentials",
            StopReason.NoToken => "no token could be had",
            _ => "Gong could not be reached",
        };

        /// <summary>"1 subject", "2 subjects".</summary>
        public static string Plural(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

        /// <summary>"lines 3, 4" or "line 3".</summary>
        public static string Lines(IReadOnlyCollection<string> lines) =>
            (lines.Count == 1 ? "line " : "lines ") + string.Join(", ", lines.OrderBy(l => int.TryParse(l, out var n) ? n : int.MaxValue));

        private static string Counts(Dictionary<string, int>? counts) => counts == null ? string.Empty : string.Join(", ", counts.Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));
    }
}
