using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>The journal's events of <c>batch --action verify</c>; every one carries <c>action: verify</c>.</summary>
    internal static class VerifyEvents
    {
        public const string Action = "verify";
        public const string BatchStart = "verify-start";
        public const string Resume = "verify-resume";
        public const string End = "verify-end";

        /// <summary>A subject's lookup begins (counted against the daily quota).</summary>
        public const string Lookup = "verify-lookup";

        /// <summary>Gong holds nothing for the subject any more: final.</summary>
        public const string Verified = "verified";

        /// <summary>Gong still holds references (counts per category).</summary>
        public const string Remaining = "remaining";

        /// <summary>The lookup failed (Gong's status and request id).</summary>
        public const string Failed = "verify-failed";

        /// <summary>Not looked up: not yet due, in doubt, not erased, or not in the CSV.</summary>
        public const string Skipped = "verify-skipped";
    }

    /// <summary>
    /// <c>batch --action verify</c>: looks up again every subject an erase batch erased at least <c>--after</c> ago, and
    /// records each outcome in the same journal. Subjects come from the batch's CSV, matched to the journal by keyed
    /// hash. A verified subject is never looked up again; <c>--resume</c> continues an interrupted verify run without
    /// looking up again a subject that already has an outcome in it.
    /// </summary>
    internal sealed class VerifyRunner
    {
        /// <summary>
        /// The default <c>--after</c> against Gong: its documentation says erasure "may take several hours", so a day
        /// leaves a margin. Against the embedded sandbox the default is the sandbox's erasure delay.
        /// </summary>
        public static readonly TimeSpan GongErasureDelay = TimeSpan.FromHours(24);

        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;
        private readonly AuditJournal _journal;
        private readonly IAnsiConsole _console;
        private readonly Dictionary<string, int> _tally = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _inDoubt = new List<string>();
        private readonly List<string> _remaining = new List<string>();
        private string _run = "";

        private VerifyRunner(CliEnvironment environment, BatchRequest request, AuditJournal journal)
        {
            _environment = environment;
            _request = request;
            _journal = journal;
            _console = environment.Console;
        }

        public static async Task<int> RunAsync(CliEnvironment environment, BatchRequest request, string? after)
        {
            var delay = SandboxSettings.Duration(after, "--after")
                ?? (request.Sandbox ? SandboxSettings.ErasureDelay(environment) : GongErasureDelay);
            var csv = environment.Resolve(request.CsvPath);
            if (!File.Exists(csv))
            {
                throw new CliException(ExitCodes.Usage, "The erase batch's CSV " + csv + " does not exist. Verification looks each subject up again, and the journal holds only masked subjects and keyed hashes: restore the CSV the erase batch ran with (it is matched to the journal by hash). Nothing was sent.");
            }

            var (rows, fingerprint) = BatchFile.Read(csv);
            using var journal = AuditJournal.Open(environment.Resolve(request.JournalPath), environment.GetVariable, environment.Time);
            return await new VerifyRunner(environment, request, journal).RunAsync(rows, fingerprint, delay).ConfigureAwait(false);
        }

        private async Task<int> RunAsync(List<BatchRow> rows, string fingerprint, TimeSpan delay)
        {
            var eraseStart = _journal.Existing.FirstOrDefault(e => e.Event == JournalEvents.BatchStart && e.Action == "erase")
                ?? throw new CliException(ExitCodes.Journal, "The journal " + _journal.Path + " holds no erase batch; give the journal of a 'batch --action erase' run. Nothing was sent.");
            var passStart = _journal.Existing.Select((e, i) => (e, i)).LastOrDefault(p => p.e.Event == VerifyEvents.BatchStart).i;
            if (_request.Resume && !_journal.Existing.Any(e => e.Event == VerifyEvents.BatchStart))
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no verify run. Run without --resume to start one. Nothing was sent.");
            }

            // The erase batch's rows, replayed from its own entries only.
            var eraseEntries = _journal.Existing.Where(e => e.Key != null && e.Action == "erase").ToList();
            var erase = RowStatus.ReplayAll(eraseEntries, _journal.Legacy, erase: true);
            var erasedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var masked = new Dictionary<string, (int? Line, string? Kind, string? Subject)>(StringComparer.Ordinal);
            foreach (var entry in eraseEntries)
            {
                masked[entry.Key!] = (entry.Line, entry.Kind, entry.Subject);
                if (entry.Event == JournalEvents.Done || entry.Event == JournalEvents.Sent)
                {
                    erasedAt[entry.Key!] = entry.Timestamp;
                }
            }

            // What earlier verify runs recorded: verified is final; with --resume, any outcome of the interrupted run counts.
            var verified = new HashSet<string>(StringComparer.Ordinal);
            var thisPass = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < _journal.Existing.Count; i++)
            {
                var e = _journal.Existing[i];
                if (e.Key == null || e.Action != VerifyEvents.Action)
                {
                    continue;
                }

                if (e.Event == VerifyEvents.Verified)
                {
                    verified.Add(e.Key);
                }

                // A lookup Gong refused for a passing reason (429, 5xx, credentials, connection) is tried again by --resume.
                if (i > passStart && (e.Event is VerifyEvents.Verified or VerifyEvents.Remaining || (e.Event == VerifyEvents.Failed && e.Retryable != true)))
                {
                    thisPass[e.Key] = e.Event;
                }
            }

            var subjects = new Dictionary<string, BatchRow>(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => r.Subject != null))
            {
                subjects.TryAdd(_journal.KeyOf(row.Subject!), row);
            }

            var known = erase.Keys.Where(subjects.ContainsKey).Count();
            if (erase.Count > 0 && known == 0)
            {
                throw new CliException(ExitCodes.Journal, "The CSV " + _request.CsvPath + " holds none of the subjects of the journal's erase batch (matched by keyed hash): it is another batch's file. Give the CSV the erase batch ran with. Nothing was sent.");
            }

            await using var connection = await GongConnection.OpenAsync(_environment, _request.BaseUrl, _request.Sandbox).ConfigureAwait(false);
            var (run, start) = BatchEnding.Start(_journal, _environment, connection, _request.Resume, VerifyEvents.BatchStart, VerifyEvents.Resume, VerifyEvents.Action, fingerprint);
            _run = run;
            var now = start.Timestamp;
            start.Detail = "verifying erasures accepted at least " + Describe(delay) + " ago";
            _journal.Append(start);
            if (eraseStart.Source != fingerprint)
            {
                _console.MarkupLine($"[yellow]The CSV is not the file the erase batch ran with[/] (its hash differs); subjects are matched by keyed hash, and those of the journal it lacks are skipped ({erase.Count - known} of {erase.Count}).");
            }

            var usedToday = _journal.Existing.Count(e => (e.Event == JournalEvents.Start || e.Event == VerifyEvents.Lookup) && e.Timestamp.UtcDateTime.Date == now.UtcDateTime.Date);
            _console.MarkupLine($"verify of {erase.Count} subjects of the erase batch against {Markup.Escape(connection.Target)}, erased at least {Describe(delay)} ago; {verified.Count} verified by earlier runs.");

            string? stop = null;
            var order = erase.Keys.OrderBy(k => masked[k].Line ?? int.MaxValue).ToList();
            foreach (var key in order)
            {
                if (_environment.Interruption.Requested)
                {
                    stop = JournalEvents.Interrupted;
                    break;
                }

                var (line, kind, subjectMasked) = masked[key];
                var label = $"line {line?.ToString(CultureInfo.InvariantCulture) ?? "?"}: verify {kind} {Markup.Escape(subjectMasked ?? "?")}";
                if (verified.Contains(key))
                {
                    Add("verified");
                    continue;
                }

                if (_request.Resume && thisPass.TryGetValue(key, out var earlier))
                {
                    // Looked up by the run being resumed: its outcome stands, and the subject is not looked up again.
                    Add(earlier == VerifyEvents.Remaining ? "remaining" : "failed");
                    if (earlier == VerifyEvents.Remaining)
                    {
                        _remaining.Add(line?.ToString(CultureInfo.InvariantCulture) ?? "?");
                    }

                    continue;
                }

                var state = erase[key];
                if (state.State == RowState.InDoubt)
                {
                    Skip(key, line, kind, subjectMasked, "in-doubt", "the erase is in doubt (Gong may not have received it); resume the erase batch with --resume --resend-in-doubt, then verify again after the delay");
                    _inDoubt.Add(line?.ToString(CultureInfo.InvariantCulture) ?? "?");
                    _console.MarkupLine($"{label}: [yellow]in doubt[/]: not looked up");
                    continue;
                }

                if (state.State != RowState.Done)
                {
                    Skip(key, line, kind, subjectMasked, "not-erased", "Gong did not accept an erase for this subject; resume the erase batch first");
                    _console.MarkupLine($"{label}: not erased by the batch; not looked up");
                    continue;
                }

                if (!subjects.TryGetValue(key, out var row))
                {
                    Skip(key, line, kind, subjectMasked, "not-in-csv", "the subject is not in the CSV given, so it cannot be looked up");
                    _console.MarkupLine($"{label}: not in the CSV given; not looked up");
                    continue;
                }

                var due = erasedAt.GetValueOrDefault(key, now) + delay;
                if (due > _environment.Time.GetUtcNow())
                {
                    Skip(key, line, kind, subjectMasked, "not-due", "erased less than " + Describe(delay) + " ago; due after " + due.ToString("u", CultureInfo.InvariantCulture));
                    _console.MarkupLine($"{label}: not yet due (after {due:u})");
                    continue;
                }

                if (_request.DailyQuota > 0 && usedToday >= _request.DailyQuota)
                {
                    var resets = new DateTimeOffset(_environment.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                    _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = JournalEvents.QuotaStop, Run = _run, Action = VerifyEvents.Action, Detail = "daily quota of " + _request.DailyQuota + " calls used; resumes after " + resets.ToString("u", CultureInfo.InvariantCulture) });
                    _console.MarkupLine($"[yellow]Gong's daily quota ({_request.DailyQuota} calls) is used up.[/] Stopped cleanly; run the same command with --resume after {resets:u}.");
                    stop = JournalEvents.QuotaStop;
                    break;
                }

                usedToday++;
                stop = await LookUpAsync(connection, row, key, label).ConfigureAwait(false);
                if (stop != null)
                {
                    break;
                }
            }

            return Finish(stop);
        }

        /// <summary>Looks one subject up and records the outcome; says whether the run must stop.</summary>
        private async Task<string?> LookUpAsync(GongConnection connection, BatchRow row, string key, string label)
        {
            var subject = row.Subject!;
            _journal.Append(Entry(VerifyEvents.Lookup, key, row.Line, subject.KindName, subject.Masked));
            ISubjectReferences data;
            try
            {
                data = await RowCall.LookUpAsync(connection.Client, subject, _environment.Interruption.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_environment.Interruption.Requested)
            {
                return JournalEvents.Interrupted;
            }
            catch (GongApiException ex) when (ex is GongCredentialException)
            {
                var noToken = Entry(VerifyEvents.Failed, key, row.Line, subject.KindName, subject.Masked);
                noToken.Detail = "not looked up: no token could be had (" + ((ex as GongCredentialException)?.Reason.ToString() ?? "token source failed") + ")";
                noToken.Retryable = true;
                _journal.Append(noToken);
                Add("failed");
                _console.MarkupLine($"{label}: [red]not looked up[/]: {Markup.Escape(noToken.Detail)}");
                throw CliApp.CredentialFailure(ex, " The verify run stopped and can be resumed with --resume.");
            }
            catch (GongApiException ex)
            {
                var failed = Entry(VerifyEvents.Failed, key, row.Line, subject.KindName, subject.Masked);
                failed.Status = ex.StatusCode;
                failed.RequestId = ex.RequestId;
                failed.Detail = ex.StatusCode == 0 ? "Gong could not be reached: " + ex.Failure : ex.Message;
                failed.Retryable = ex.StatusCode == 0 || ex.StatusCode == 429 || ex.StatusCode == 401 || ex.StatusCode == 403 || ex.StatusCode == 408 || ex.StatusCode >= 500;
                _journal.Append(failed);
                Add("failed");
                _console.MarkupLine($"{label}: [red]failed[/]: {Markup.Escape(failed.Detail)}");
                if (ex.StatusCode == 401 || ex.StatusCode == 403)
                {
                    throw new CliException(ExitCodes.Credentials, "Gong refused the credentials (HTTP " + ex.StatusCode + ", request id " + (ex.RequestId ?? "none") + "); the verify run stopped and can be resumed with --resume.");
                }

                if (ex.StatusCode == 0)
                {
                    throw new CliException(ExitCodes.GongError, "Gong could not be reached at " + connection.Target + ": " + ex.Failure + ". The verify run stopped and can be resumed with --resume.");
                }

                if (ex.StatusCode == 429)
                {
                    _console.MarkupLine("[yellow]Gong keeps answering 429 (its daily quota, most likely).[/] Stopped cleanly; run the same command with --resume later.");
                    return JournalEvents.QuotaStop;
                }

                return null;
            }

            if (data.IsEmpty)
            {
                var entry = Entry(VerifyEvents.Verified, key, row.Line, subject.KindName, subject.Masked);
                entry.RequestId = data.RequestId;
                _journal.Append(entry);
                Add("verified");
                _console.MarkupLine($"{label}: [green]verified[/]: nothing remains (request id {Markup.Escape(data.RequestId ?? "none")})");
                return null;
            }

            var remaining = Entry(VerifyEvents.Remaining, key, row.Line, subject.KindName, subject.Masked);
            remaining.RequestId = data.RequestId;
            remaining.Counts = Report.CountMap(data).Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value);
            _journal.Append(remaining);
            Add("remaining");
            _remaining.Add(row.Line.ToString(CultureInfo.InvariantCulture));
            var counts = string.Join(", ", remaining.Counts.Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));
            _console.MarkupLine($"{label}: [yellow]remaining[/]: {Markup.Escape(counts)} (request id {Markup.Escape(data.RequestId ?? "none")})");
            return null;
        }

        private void Skip(string key, int? line, string? kind, string? subject, string why, string detail)
        {
            var entry = Entry(VerifyEvents.Skipped, key, line, kind, subject);
            entry.Outcome = why;
            entry.Detail = detail;
            _journal.Append(entry);
            Add(why);
        }

        private JournalEntry Entry(string journalEvent, string key, int? line, string? kind, string? subject) => new JournalEntry
        {
            Timestamp = _environment.Time.GetUtcNow(),
            Event = journalEvent,
            Run = _run,
            Action = VerifyEvents.Action,
            Line = line,
            Kind = kind,
            Subject = subject,
            Key = key,
        };

        private int Finish(string? stop)
        {
            var endEvent = BatchEnding.EndEvent(stop, VerifyEvents.End);
            _journal.Append(new JournalEntry { Timestamp = _environment.Time.GetUtcNow(), Event = endEvent, Run = _run, Action = VerifyEvents.Action, Counts = new Dictionary<string, int>(_tally), Detail = stop == JournalEvents.Interrupted ? "stopped by " + _environment.Interruption.Signal : null });
            BatchEnding.WriteSummary(_console, _journal.Path, _tally, "verify outcome", "subjects");
            if (_remaining.Count > 0)
            {
                _console.MarkupLine($"[yellow]References remain for {_remaining.Count} subjects[/] (lines {string.Join(", ", _remaining)}). Gong may still be erasing, may have refused an abnormally large deletion, or re-imported them from a CRM that still holds them: remove them there, erase again, and verify later.");
            }

            if (_inDoubt.Count > 0)
            {
                _console.MarkupLine($"[yellow]{_inDoubt.Count} erasures are in doubt[/] (lines {string.Join(", ", _inDoubt)}) and were not looked up. Resolve them with 'gong-privacy batch {Markup.Escape(_request.CsvPath)} --action erase --journal {Markup.Escape(_request.JournalPath)} --resume --resend-in-doubt' (Gong's erase is idempotent), then verify again after the delay.");
            }

            if (Count("not-due") > 0)
            {
                _console.MarkupLine($"{Count("not-due")} subjects were erased too recently; run the same command again later.");
            }

            if (stop == JournalEvents.Interrupted)
            {
                _console.MarkupLine($"Interrupted by {_environment.Interruption.Signal}. Run the same command with --resume to continue; subjects already checked are not looked up again.");
                return _environment.Interruption.ExitCode;
            }

            if (stop == JournalEvents.QuotaStop)
            {
                return ExitCodes.QuotaReached;
            }

            if (Count("remaining") > 0)
            {
                return ExitCodes.ReferencesRemain;
            }

            return _tally.Keys.Any(k => k != "verified") ? ExitCodes.NotAllVerified : ExitCodes.Ok;
        }

        private static string Describe(TimeSpan delay) =>
            delay.TotalHours >= 1 && delay.TotalHours == Math.Floor(delay.TotalHours) ? delay.TotalHours.ToString(CultureInfo.InvariantCulture) + " h"
            : delay.TotalSeconds >= 1 ? delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

        private void Add(string what) => _tally[what] = Count(what) + 1;

        private int Count(string what) => _tally.TryGetValue(what, out var n) ? n : 0;
    }
}
