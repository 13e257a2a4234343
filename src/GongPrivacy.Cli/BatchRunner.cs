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
    /// Runs a CSV of subjects through lookup or erase, one call per subject at Gong's rate, writing the journal
    /// before and after every call so that a run killed at any moment resumes without losing a row or sending an
    /// accepted erasure twice.
    /// </summary>
    internal static class BatchRunner
    {
        private static readonly HashSet<string> Terminal = new HashSet<string> { "done", "failed", "in-doubt" };

        public static async Task<int> RunAsync(CliEnvironment environment, BatchRequest request, CancellationToken cancellationToken)
        {
            var (rows, fingerprint) = BatchFile.Read(environment.Resolve(request.CsvPath));
            using var journal = AuditJournal.Open(environment.Resolve(request.JournalPath), environment.GetVariable);
            var console = environment.Console;

            var started = journal.Existing.Where(e => e.Event == "batch-start").ToList();
            if (started.Count > 0 && !request.Resume)
            {
                throw new CliException(ExitCodes.Journal, "The journal already holds a batch started " + started[0].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "; add --resume to continue it, or give a new journal. Nothing was sent.");
            }

            if (request.Resume && started.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no batch. Run without --resume to start one.");
            }

            if (request.Resume && (started[0].Source != fingerprint || started[0].Action != request.Action))
            {
                throw new CliException(ExitCodes.Journal, "The journal's batch was started with another CSV file or action (" + started[0].Action + "); resume it with the same file and action. Nothing was sent.");
            }

            var valid = rows.Count(r => r.Subject != null);
            if (request.Action == "erase" && !request.Resume && !request.Yes
                && !environment.Ask($"Erase everything Gong holds for {valid} subjects? This cannot be undone."))
            {
                console.MarkupLine("Not confirmed; nothing was erased. Add --yes to erase without the question.");
                return ExitCodes.NotConfirmed;
            }

            await using var connection = await GongConnection.OpenAsync(environment, request.BaseUrl, request.Sandbox).ConfigureAwait(false);
            var run = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4).ToLowerInvariant();
            var now = environment.Time.GetUtcNow();
            journal.Append(new JournalEntry
            {
                Timestamp = now,
                Event = request.Resume ? "resume" : "batch-start",
                Run = run,
                Action = request.Action,
                Source = fingerprint,
                Counts = new Dictionary<string, int> { ["rows"] = rows.Count, ["valid"] = valid, ["invalid"] = rows.Count - valid },
            });

            // What earlier runs did: the last event for each subject, and the lines already reported.
            var last = new Dictionary<string, JournalEntry>();
            var reportedLines = new HashSet<int>();
            foreach (var entry in journal.Existing)
            {
                if (entry.Key != null && (entry.Event == "start" || Terminal.Contains(entry.Event)))
                {
                    last[entry.Key] = entry;
                }

                if (entry.Line.HasValue && (entry.Event == "invalid" || entry.Event == "duplicate"))
                {
                    reportedLines.Add(entry.Line.Value);
                }
            }

            var today = now.UtcDateTime.Date;
            var usedToday = journal.Existing.Count(e => e.Event == "start" && e.Timestamp.UtcDateTime.Date == today);
            var tally = new Dictionary<string, int>();
            void Count(string what) => tally[what] = tally.TryGetValue(what, out var n) ? n + 1 : 1;

            var seen = new HashSet<string>();
            var outcome = ExitCodes.Ok;
            var work = new List<(BatchRow Row, string Key)>();
            foreach (var row in rows)
            {
                if (row.Subject == null)
                {
                    Count("invalid");
                    if (reportedLines.Add(row.Line))
                    {
                        journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "invalid", Run = run, Line = row.Line, Detail = row.Problem });
                    }

                    console.MarkupLine($"line {row.Line}: [yellow]invalid[/]: {Markup.Escape(row.Problem!)}");
                    continue;
                }

                var key = journal.KeyOf(row.Subject);
                if (!seen.Add(key))
                {
                    Count("duplicate");
                    if (reportedLines.Add(row.Line))
                    {
                        journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "duplicate", Run = run, Line = row.Line, Kind = row.Subject.KindName, Subject = row.Subject.Masked, Key = key });
                    }

                    console.MarkupLine($"line {row.Line}: duplicate of an earlier row; skipped");
                    continue;
                }

                if (last.TryGetValue(key, out var previous) && (previous.Event == "done" || (previous.Event == "in-doubt" && !request.ResendInDoubt) || (previous.Event == "failed" && previous.Retryable != true)))
                {
                    Count("earlier");
                    continue;
                }

                work.Add((row, key));
            }

            console.MarkupLine($"{request.Action} of {work.Count} subjects against {Markup.Escape(connection.Target)}; {tally.GetValueOrDefault("earlier")} done by earlier runs.");

            async Task<bool> ProcessAsync(BatchRow row, string key, Action advance)
            {
                var subject = row.Subject!;
                if (last.TryGetValue(key, out var previous) && previous.Event == "start" && request.Action == "erase" && !request.ResendInDoubt)
                {
                    Count("in-doubt");
                    journal.Append(new JournalEntry
                    {
                        Timestamp = environment.Time.GetUtcNow(), Event = "in-doubt", Run = run, Line = row.Line, Action = request.Action, Kind = subject.KindName, Subject = subject.Masked, Key = key,
                        Detail = "an earlier run stopped while Gong was answering; Gong may have accepted the erasure, so it is not sent again. Verify later, or rerun with --resend-in-doubt (erase is idempotent).",
                    });
                    console.MarkupLine($"line {row.Line}: {subject.KindName} {Markup.Escape(subject.Masked)}: [yellow]in doubt[/] (an earlier run stopped mid-call); not sent again");
                    advance();
                    return true;
                }

                if (request.DailyQuota > 0 && usedToday >= request.DailyQuota)
                {
                    var resets = new DateTimeOffset(environment.Time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                    journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "quota-stop", Run = run, Detail = "daily quota of " + request.DailyQuota + " calls used; resumes after " + resets.ToString("u", CultureInfo.InvariantCulture) });
                    console.MarkupLine($"[yellow]Gong's daily quota ({request.DailyQuota} calls) is used up.[/] Stopped cleanly; run the same command with --resume after {resets:u}.");
                    outcome = ExitCodes.QuotaReached;
                    return false;
                }

                usedToday++;
                journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "start", Run = run, Line = row.Line, Action = request.Action, Kind = subject.KindName, Subject = subject.Masked, Key = key });
                try
                {
                    JournalEntry done;
                    if (request.Action == "erase")
                    {
                        var erased = subject.Kind == SubjectKind.Email
                            ? await connection.Client.EraseDataForEmailAddressAsync(subject.Value, cancellationToken).ConfigureAwait(false)
                            : await connection.Client.EraseDataForPhoneNumberAsync(subject.Value, cancellationToken).ConfigureAwait(false);
                        done = new JournalEntry { Event = "done", Outcome = "accepted", RequestId = erased.RequestId };
                    }
                    else
                    {
                        DataForSubjectResponse data = subject.Kind == SubjectKind.Email
                            ? await connection.Client.GetDataForEmailAddressAsync(subject.Value, cancellationToken).ConfigureAwait(false)
                            : await connection.Client.GetDataForPhoneNumberAsync(subject.Value, cancellationToken).ConfigureAwait(false);
                        done = new JournalEntry { Event = "done", Outcome = data.IsEmpty ? "none" : "found", RequestId = data.RequestId, Counts = Report.CountMap(data) };
                    }

                    done.Timestamp = environment.Time.GetUtcNow();
                    done.Run = run;
                    done.Line = row.Line;
                    done.Action = request.Action;
                    done.Kind = subject.KindName;
                    done.Subject = subject.Masked;
                    done.Key = key;
                    journal.Append(done);
                    Count(done.Outcome!);
                    console.MarkupLine($"line {row.Line}: {request.Action} {subject.KindName} {Markup.Escape(subject.Masked)}: {done.Outcome} (request id {Markup.Escape(done.RequestId ?? "none")})");
                    advance();
                    return true;
                }
                catch (GongApiException ex)
                {
                    var retryable = ex.StatusCode == 0 || ex.StatusCode == 429 || ex.StatusCode == 401 || ex.StatusCode == 403 || ex.StatusCode >= 500;
                    var doubt = ex.StatusCode == 0 && request.Action == "erase";
                    journal.Append(new JournalEntry
                    {
                        Timestamp = environment.Time.GetUtcNow(), Event = doubt ? "in-doubt" : "failed", Run = run, Line = row.Line, Action = request.Action, Kind = subject.KindName, Subject = subject.Masked, Key = key,
                        Status = ex.StatusCode, RequestId = ex.RequestId, Retryable = doubt ? null : retryable, Detail = ex.Message,
                    });
                    Count(doubt ? "in-doubt" : "failed");
                    console.MarkupLine($"line {row.Line}: {request.Action} {subject.KindName} {Markup.Escape(subject.Masked)}: [red]failed[/]: {Markup.Escape(ex.Message)}");
                    advance();
                    if (ex.StatusCode == 429)
                    {
                        journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "quota-stop", Run = run, Detail = "Gong kept answering 429 after retries: its rate limit or daily quota" });
                        console.MarkupLine("[yellow]Gong keeps answering 429 (its daily quota, most likely).[/] Stopped cleanly; run the same command with --resume later.");
                        outcome = ExitCodes.QuotaReached;
                        return false;
                    }

                    if (ex.StatusCode == 401 || ex.StatusCode == 403)
                    {
                        throw new CliException(ExitCodes.Credentials, "Gong refused the credentials (HTTP " + ex.StatusCode + ", request id " + (ex.RequestId ?? "none") + "); the batch stopped and can be resumed with --resume.");
                    }

                    if (ex.StatusCode == 0)
                    {
                        throw new CliException(ExitCodes.GongError, "Gong could not be reached; the batch stopped and can be resumed with --resume.");
                    }

                    return true;
                }
            }

            if (console.Profile.Capabilities.Interactive && work.Count > 0)
            {
                await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(request.Action, maxValue: work.Count);
                        foreach (var (row, key) in work)
                        {
                            if (!await ProcessAsync(row, key, () => task.Increment(1)).ConfigureAwait(false))
                            {
                                break;
                            }
                        }
                    }).ConfigureAwait(false);
            }
            else
            {
                foreach (var (row, key) in work)
                {
                    if (!await ProcessAsync(row, key, () => { }).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }

            journal.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = outcome == ExitCodes.QuotaReached ? "batch-paused" : "batch-end", Run = run, Counts = new Dictionary<string, int>(tally) });
            var summary = new Table().AddColumn("outcome").AddColumn(new TableColumn("rows").RightAligned());
            foreach (var pair in tally.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                summary.AddRow(pair.Key, pair.Value.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(summary);
            console.MarkupLine($"Journal: {Markup.Escape(journal.Path)}");
            if (outcome != ExitCodes.Ok)
            {
                return outcome;
            }

            return tally.GetValueOrDefault("invalid") + tally.GetValueOrDefault("failed") + tally.GetValueOrDefault("in-doubt") > 0 ? ExitCodes.BatchIncomplete : ExitCodes.Ok;
        }
    }
}
