using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>What a batch run is asked to do.</summary>
    internal sealed record BatchRequest(string CsvPath, string Action, string JournalPath, bool Resume, bool Yes, bool ResendInDoubt, int DailyQuota, string? BaseUrl, bool Sandbox);

    /// <summary>
    /// Runs a CSV of subjects through lookup or erase, one call per subject at Gong's rate. Each row's state lives in
    /// a <see cref="RowStatus"/>, replayed from the journal on resume, so a run killed at any moment resumes without
    /// losing a row, without sending an accepted erasure twice, and without counting an erasure in doubt as done.
    /// </summary>
    internal sealed class BatchRunner
    {
        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;
        private readonly AuditJournal _journal;
        private readonly IAnsiConsole _console;
        private readonly Dictionary<string, int> _tally = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _inDoubtLines = new List<string>();
        private string _run = "";
        private string _target = "";
        private int _usedToday;

        private BatchRunner(CliEnvironment environment, BatchRequest request, AuditJournal journal)
        {
            _environment = environment;
            _request = request;
            _journal = journal;
            _console = environment.Console;
        }

        private bool IsErase => _request.Action == "erase";

        public static async Task<int> RunAsync(CliEnvironment environment, BatchRequest request, CancellationToken cancellationToken)
        {
            var (rows, fingerprint) = BatchFile.Read(environment.Resolve(request.CsvPath));
            using var journal = AuditJournal.Open(environment.Resolve(request.JournalPath), environment.GetVariable, environment.Time);
            return await new BatchRunner(environment, request, journal).RunAsync(rows, fingerprint).ConfigureAwait(false);
        }

        private async Task<int> RunAsync(List<BatchRow> rows, string fingerprint)
        {
            CheckResume(fingerprint);
            var valid = rows.Count(r => r.Subject != null);
            if (IsErase && !_request.Yes && !_environment.Ask($"Erase everything Gong holds for {valid} subjects{(_request.Resume ? " (resuming the batch; rows done earlier are skipped)" : string.Empty)}? This cannot be undone."))
            {
                throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased. Add --yes to erase without the question.");
            }

            await using var connection = await GongConnection.OpenAsync(_environment, _request.BaseUrl, _request.Sandbox).ConfigureAwait(false);
            _target = connection.Target;
            var (run, start) = BatchEnding.Start(_journal, _environment, connection, _request.Resume, JournalEvents.BatchStart, JournalEvents.Resume, _request.Action, fingerprint);
            _run = run;
            var now = start.Timestamp;
            start.Counts = new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid };
            _journal.Append(start);
            _usedToday = _journal.Existing.Count(e => (e.Event == JournalEvents.Start || e.Event == VerifyEvents.Lookup) && e.Timestamp.UtcDateTime.Date == now.UtcDateTime.Date);

            var states = RowStatus.ReplayAll(_journal.Existing.Where(e => e.Action != VerifyEvents.Action), _journal.Legacy, IsErase);
            MarkCutLineInDoubt(states);
            var work = Plan(rows, states);
            _console.MarkupLine($"{_request.Action} of {work.Count} subjects against {Markup.Escape(connection.Target)}; {Count("earlier")} done by earlier runs; {Count("in-doubt")} in doubt from earlier runs.");

            var stop = await ProcessAllAsync(new RowCall(_journal, connection, _environment.Interruption, _environment.Time, _run, _request.Action), work).ConfigureAwait(false);
            return Finish(stop);
        }

        private void CheckResume(string fingerprint)
        {
            var started = _journal.Existing.Where(e => e.Event == JournalEvents.BatchStart).ToList();
            if (started.Count > 0 && !_request.Resume)
            {
                throw new CliException(ExitCodes.Journal, "The journal already holds a batch started " + started[0].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "; add --resume to continue it, or give a new journal. Nothing was sent.");
            }

            if (_request.Resume && started.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no batch. Run without --resume to start one.");
            }

            if (_request.Resume && (started[0].Source != fingerprint || started[0].Action != _request.Action))
            {
                throw new CliException(ExitCodes.Journal, "The journal's batch was started with another CSV file or action (" + started[0].Action + "); resume it with the same file and action. Nothing was sent.");
            }
        }

        /// <summary>
        /// A last line cut short was being written when a run died. If the last row touched then had only its
        /// <c>start</c> complete, the cut line may have been its <c>sent</c>: that row is taken as in doubt.
        /// </summary>
        private void MarkCutLineInDoubt(Dictionary<string, RowStatus> states)
        {
            if (!_journal.LastLineCut || !IsErase)
            {
                return;
            }

            var last = _journal.Existing.LastOrDefault(e => e.Key != null && e.Event != JournalEvents.Duplicate);
            if (last != null && last.Event == JournalEvents.Start && states.TryGetValue(last.Key!, out var row) && row.State == RowState.NotSent)
            {
                row.Sent();
            }
        }

        private List<(BatchRow Row, string Key, RowStatus State)> Plan(List<BatchRow> rows, Dictionary<string, RowStatus> states)
        {
            var reportedLines = new HashSet<int>(_journal.Existing.Where(e => e.Line.HasValue && (e.Event == JournalEvents.Invalid || e.Event == JournalEvents.Duplicate)).Select(e => e.Line!.Value));
            var lastEvent = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in _journal.Existing.Where(e => e.Key != null && e.Event != JournalEvents.Duplicate && e.Action != VerifyEvents.Action))
            {
                lastEvent[entry.Key!] = entry.Event;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var work = new List<(BatchRow, string, RowStatus)>();
            foreach (var row in rows)
            {
                if (row.Subject == null)
                {
                    Add("invalid");
                    if (reportedLines.Add(row.Line))
                    {
                        _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.Invalid, Run = _run, Line = row.Line, Detail = row.Problem });
                    }

                    _console.MarkupLine($"line {row.Line}: [yellow]invalid[/]: {Markup.Escape(row.Problem!)}");
                    continue;
                }

                var key = _journal.KeyOf(row.Subject);
                if (!seen.Add(key))
                {
                    Add("duplicate");
                    if (reportedLines.Add(row.Line))
                    {
                        _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.Duplicate, Run = _run, Line = row.Line, Kind = row.Subject.KindName, Subject = row.Subject.Masked, Key = key });
                    }

                    _console.MarkupLine($"line {row.Line}: duplicate of an earlier row; skipped");
                    continue;
                }

                if (!states.TryGetValue(key, out var state))
                {
                    state = new RowStatus();
                    states[key] = state;
                }

                if (state.ShouldSend(_request.ResendInDoubt))
                {
                    work.Add((row, key, state));
                    continue;
                }

                switch (state.State)
                {
                    case RowState.Done:
                        Add("earlier");
                        break;
                    case RowState.InDoubt:
                        if (lastEvent.GetValueOrDefault(key) != JournalEvents.InDoubt)
                        {
                            // An earlier run died after the erase went on the wire: say so in the journal, once.
                            _journal.Append(new JournalEntry
                            {
                                Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.InDoubt, Run = _run, Line = row.Line, Action = _request.Action, Kind = row.Subject.KindName, Subject = row.Subject.Masked, Key = key,
                                Detail = "an earlier run stopped after the erase was sent and before Gong's answer was recorded; Gong may have accepted it. Not sent again: verify it later, or resume with --resend-in-doubt.",
                            });
                        }

                        Add("in-doubt");
                        _inDoubtLines.Add(row.Line.ToString(CultureInfo.InvariantCulture));
                        _console.MarkupLine($"line {row.Line}: {row.Subject.KindName} {Markup.Escape(row.Subject.Masked)}: [yellow]in doubt[/] from an earlier run (Gong may have accepted it); not sent again");
                        break;
                    default:
                        Add("failed");
                        _console.MarkupLine($"line {row.Line}: {row.Subject.KindName} {Markup.Escape(row.Subject.Masked)}: [red]failed[/] in an earlier run (Gong refused it); not sent again");
                        break;
                }
            }

            return work;
        }

        /// <summary>Why the batch stopped before its end, or null when it went through.</summary>
        private async Task<string?> ProcessAllAsync(RowCall call, List<(BatchRow Row, string Key, RowStatus State)> work)
        {
            if (_console.Profile.Capabilities.Interactive && work.Count > 0)
            {
                string? stopped = null;
                await _console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(_request.Action, maxValue: work.Count);
                        stopped = await LoopAsync(call, work, () => task.Increment(1)).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                return stopped;
            }

            return await LoopAsync(call, work, () => { }).ConfigureAwait(false);
        }

        private async Task<string?> LoopAsync(RowCall call, List<(BatchRow Row, string Key, RowStatus State)> work, Action advance)
        {
            foreach (var (row, key, state) in work)
            {
                if (_environment.Interruption.Requested)
                {
                    return JournalEvents.Interrupted;
                }

                if (_request.DailyQuota > 0 && _usedToday >= _request.DailyQuota)
                {
                    var resets = new DateTimeOffset(_environment.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                    _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.QuotaStop, Run = _run, Detail = "daily quota of " + _request.DailyQuota + " calls used; resumes after " + resets.ToString("u", CultureInfo.InvariantCulture) });
                    _console.MarkupLine($"[yellow]Gong's daily quota ({_request.DailyQuota} calls) is used up.[/] Stopped cleanly; run the same command with --resume after {resets:u}.");
                    return JournalEvents.QuotaStop;
                }

                _usedToday++;
                var subject = row.Subject!;
                var outcome = await call.RunAsync(state, subject, key, row.Line, _request.ResendInDoubt).ConfigureAwait(false);
                advance();
                var stop = Report(row, subject, outcome);
                if (stop != null)
                {
                    return stop;
                }
            }

            return _environment.Interruption.Requested ? JournalEvents.Interrupted : null;
        }

        /// <summary>Counts and prints a row's outcome; says whether the batch must stop.</summary>
        private string? Report(BatchRow row, Subject subject, RowOutcome outcome)
        {
            var label = $"line {row.Line}: {_request.Action} {subject.KindName} {Markup.Escape(subject.Masked)}";
            if (outcome.State == RowState.NotSent && outcome.Error != null && outcome.Error is GongCredentialException)
            {
                // No token: every later row would fail the same way. Stop; the row stays to do.
                Add("not-sent");
                _console.MarkupLine($"{label}: not sent: {Markup.Escape(outcome.Detail ?? string.Empty)}");
                throw CliApp.CredentialFailure(outcome.Error, " The batch stopped; nothing more was sent. Continue it with --resume.");
            }

            switch (outcome.State)
            {
                case RowState.Done:
                    Add(outcome.Outcome);
                    _console.MarkupLine($"{label}: {outcome.Outcome} (request id {Markup.Escape(outcome.RequestId ?? "none")})");
                    return outcome.Interrupted ? JournalEvents.Interrupted : null;
                case RowState.InDoubt:
                    Add("in-doubt");
                    _inDoubtLines.Add(row.Line.ToString(CultureInfo.InvariantCulture));
                    _console.MarkupLine($"{label}: [yellow]in doubt[/]: {Markup.Escape(outcome.Detail ?? string.Empty)}");
                    return outcome.Interrupted ? JournalEvents.Interrupted : null;
                case RowState.NotSent:
                    Add("not-sent");
                    _console.MarkupLine($"{label}: not sent: {Markup.Escape(outcome.Detail ?? string.Empty)}");
                    if (outcome.Interrupted)
                    {
                        return JournalEvents.Interrupted;
                    }

                    throw new CliException(ExitCodes.GongError, "Gong could not be reached at " + _target + ": " + outcome.Error!.Failure + ". Nothing more was sent; the batch can be resumed with --resume.");
            }

            Add("failed");
            var ex = outcome.Error!;
            _console.MarkupLine($"{label}: [red]failed[/]: {Markup.Escape(outcome.Detail ?? string.Empty)}");
            if (ex.StatusCode == 429)
            {
                _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.QuotaStop, Run = _run, Detail = "Gong kept answering 429 after retries: its rate limit or daily quota" });
                _console.MarkupLine("[yellow]Gong keeps answering 429 (its daily quota, most likely).[/] Stopped cleanly; run the same command with --resume later.");
                return JournalEvents.QuotaStop;
            }

            if (ex.StatusCode == 401 || ex.StatusCode == 403)
            {
                throw new CliException(ExitCodes.Credentials, "Gong refused the credentials (HTTP " + ex.StatusCode + ", request id " + (ex.RequestId ?? "none") + "); the batch stopped and can be resumed with --resume.");
            }

            if (ex.StatusCode == 0)
            {
                throw new CliException(ExitCodes.GongError, "Gong could not be reached at " + _target + ": " + ex.Failure + ". The batch stopped and can be resumed with --resume.");
            }

            return null;
        }

        private int Finish(string? stop)
        {
            var endEvent = BatchEnding.EndEvent(stop, JournalEvents.BatchEnd);
            _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = endEvent, Run = _run, Counts = new Dictionary<string, int>(_tally), Detail = stop == JournalEvents.Interrupted ? "stopped by " + _environment.Interruption.Signal : null });
            BatchEnding.WriteSummary(_console, _journal.Path, _tally, "outcome", "rows");
            if (_inDoubtLines.Count > 0)
            {
                _console.MarkupLine($"[yellow]{_inDoubtLines.Count} erasures are in doubt[/] (lines {string.Join(", ", _inDoubtLines)}): Gong may or may not have accepted them. They are not counted as done. Check each with 'gong-privacy verify' after Gong's erasure delay, or send them again with --resume --resend-in-doubt (Gong's erase is idempotent).");
            }

            if (stop == JournalEvents.Interrupted)
            {
                _console.MarkupLine($"Interrupted by {_environment.Interruption.Signal}: stopped after the call in flight, and the journal says where. Run the same command with --resume to continue.");
                return _environment.Interruption.ExitCode;
            }

            if (stop == JournalEvents.QuotaStop)
            {
                return ExitCodes.QuotaReached;
            }

            return Count("invalid") + Count("failed") + Count("in-doubt") + Count("not-sent") > 0 ? ExitCodes.BatchIncomplete : ExitCodes.Ok;
        }

        private void Add(string what) => _tally[what] = Count(what) + 1;

        private int Count(string what) => _tally.TryGetValue(what, out var n) ? n : 0;
    }
}
