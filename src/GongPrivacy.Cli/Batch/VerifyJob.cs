using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>
    /// <c>batch verify</c>: looks up again every subject the journal's erases reached (accepted, in doubt, or found remaining)
    /// at least <c>--after</c> ago, and records what each lookup says about its erase in the same journal: nothing left is
    /// <c>verified</c> (or <c>erased (verified)</c> for an erase that was in doubt). Subjects come from the CSV, matched to
    /// the journal by keyed hash. A verified subject is not looked up again; <c>--resume</c> continues an interrupted verify
    /// run without looking up again a subject it already has an outcome for.
    /// </summary>
    internal sealed class VerifyJob : IBatchJob
    {
        /// <summary>
        /// The default <c>--after</c> against Gong: its documentation says erasure "may take several hours", so a day
        /// leaves a margin. Against the embedded sandbox the default is the sandbox's erasure delay.
        /// </summary>
        public static readonly TimeSpan GongErasureDelay = TimeSpan.FromHours(24);

        private readonly CliEnvironment _environment;
        private readonly BatchRequest _request;
        private readonly TimeSpan _delay;
        private List<RowRecord> _erased = new List<RowRecord>();
        private string? _eraseSource;
        private string? _source;
        private int _notDue;

        public VerifyJob(CliEnvironment environment, BatchRequest request)
        {
            _environment = environment;
            _request = request;
            _delay = SandboxSettings.Duration(request.After, "--after")
                ?? (request.Sandbox ? SandboxSettings.ErasureDelay(environment) : GongErasureDelay);
        }

        public RunAction Action => RunAction.Verify;

        private string Again => _request.AgainAfter is TimeSpan again ? ", and looking again at subjects verified at least " + Words.Duration(again) + " ago" : string.Empty;

        public (List<BatchRow> Rows, string Fingerprint) ReadCsv()
        {
            var csv = _environment.Resolve(_request.CsvPath ?? BatchFile.RecordedIn(_environment.Resolve(_request.JournalPath))
                ?? throw new CliException(ExitCodes.Usage, "batch verify needs the CSV the erase batch ran with, and the journal " + _request.JournalPath + " records none: give it, 'gong-privacy batch verify <subjects.csv> --journal " + _request.JournalPath + "'."));
            if (!File.Exists(csv))
            {
                throw new CliException(ExitCodes.Usage, "The erase batch's CSV " + csv + " does not exist. Verification looks each subject up again, and the journal holds only masked subjects and keyed hashes: restore the CSV the erase batch ran with (it is matched to the journal by hash). Nothing was sent.");
            }

            return BatchFile.Read(csv, _request.Delimiter);
        }

        public void Check(AuditJournal journal, RowHistory history, List<BatchRow> rows, string fingerprint)
        {
            _erased = history.ByKey.Values.Where(r => r.Last(JournalEvent.Start, RunAction.Erase.Name()) != null).OrderBy(r => r.Line ?? int.MaxValue).ToList();
            if (_erased.Count == 0)
            {
                throw new CliException(ExitCodes.Journal, "The journal holds no erase (of a batch or a single command); give the journal the erases were written to. Nothing was sent.");
            }

            if (_request.Resume && !journal.Existing.Any(e => e.Event == JournalEvent.RunStart && e.Action == RunAction.Verify.Name() && e.Single != true))
            {
                throw new CliException(ExitCodes.Journal, "Nothing to resume: the journal holds no verify run. Run without --resume to start one. Nothing was sent.");
            }

            _eraseSource = journal.Existing.FirstOrDefault(e => e.Event == JournalEvent.RunStart && e.Action == RunAction.Erase.Name() && e.Single != true)?.Source;
            var keys = new HashSet<string>(rows.Where(r => r.Subject != null).Select(r => journal.KeyOf(r.Subject!)), StringComparer.Ordinal);
            if (!_erased.Any(r => keys.Contains(r.Key!)))
            {
                throw new CliException(ExitCodes.Journal, "The CSV " + _request.CsvPath + " holds none of the subjects the journal erased (matched by keyed hash): it is another batch's file. Give the CSV the erase batch ran with. Nothing was sent.");
            }
        }

        public RunOpening Opening(List<BatchRow> rows, string fingerprint)
        {
            _source = fingerprint;
            return new RunOpening(false, _request.Resume, fingerprint, _request.MaxInFlight, Detail: "verifying erasures sent at least " + Words.Duration(_delay) + " ago" + Again);
        }

        public BatchPlan Plan(Run run, RowHistory history, List<BatchRow> rows)
        {
            var plan = new BatchPlan();
            var subjects = new Dictionary<string, BatchRow>(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => r.Subject != null))
            {
                subjects.TryAdd(run.Journal.KeyOf(row.Subject!), row);
            }

            if (_eraseSource != null && _eraseSource != _source && _erased.Any(r => !subjects.ContainsKey(r.Key!)))
            {
                plan.Notes.Add("The CSV is not the file the erase batch ran with (its hash differs); subjects are matched by keyed hash, and those of the journal it lacks are skipped.");
            }

            var pass = PassStart(run.Journal.Existing, run.Id);
            var record = new List<JournalEntry>();
            foreach (var erased in _erased)
            {
                var state = erased.State;
                plan.States[erased.Key!] = state;
                plan.Lines[erased.Key!] = erased.Line ?? 0;
                var label = "line " + (erased.Line?.ToString(CultureInfo.InvariantCulture) ?? "?") + ": verify " + erased.Kind + " " + erased.Subject;
                if (state is RowState.Verified or RowState.ErasedVerified or RowState.CameBack)
                {
                    if (LooksAgain(erased, state, subjects))
                    {
                        plan.Work.Add(Look(run, erased, subjects[erased.Key!], label, state));
                    }
                    else
                    {
                        plan.Earlier++;
                    }

                    continue;
                }

                if (_request.Resume && erased.Entries.Any(e => e.Action == RunAction.Verify.Name() && e.Event == JournalEvent.End && pass != null && e.Timestamp >= pass.Value && (e.GongOutcome == null || e.Cause == GongCause.Rejected)))
                {
                    continue; // answered in the run being resumed: its outcome stands (a lookup that failed for a passing reason is tried again)
                }

                var why = Skip(erased, state, subjects);
                if (why != null)
                {
                    var skipped = run.Entry(JournalEvent.Skipped);
                    (skipped.Line, skipped.Kind, skipped.Subject, skipped.Key, skipped.State, skipped.Detail) = (erased.Line, erased.Kind, erased.Subject, erased.Key, state, why);
                    record.Add(skipped);
                    plan.Notes.Add(label + ": not looked up: " + why);
                    continue;
                }

                plan.Work.Add(Look(run, erased, subjects[erased.Key!], label, state));
            }

            run.Journal.AppendAll(record);
            return plan;
        }

        public string Introduction(Run run, BatchPlan plan) =>
            "verify of " + Words.Plural(_erased.Count, "subject") + " the journal sent an erase for, against " + run.Connection.Target + ", sent at least " + Words.Duration(_delay) + " ago" + Again + "; "
            + plan.Earlier.ToString(CultureInfo.InvariantCulture) + " verified by earlier runs; " + plan.Work.Count.ToString(CultureInfo.InvariantCulture) + " to look up, up to " + _request.MaxInFlight.ToString(CultureInfo.InvariantCulture) + " in flight.";

        public IEnumerable<string> Remarks(BatchPlan plan)
        {
            var back = plan.LinesIn(RowState.CameBack);
            if (back.Count > 0)
            {
                yield return "Data came back for " + Words.Plural(back.Count, "subject") + " verified earlier (" + Words.Lines(back) + "): Gong imported it again from a system that still holds it (the row names it). Delete it there, then erase it again ('gong-privacy " + (_request.Sandbox ? "--sandbox " : string.Empty) + "erase email|phone <value> --journal " + _request.JournalPath + "', approving its flags) and verify.";
            }

            var support = plan.LinesIn(RowState.NeedsSupport);
            if (support.Count > 0)
            {
                yield return Words.Plural(support.Count, "subject") + " need" + (support.Count == 1 ? "s" : string.Empty) + " Gong Support (" + Words.Lines(support) + "): Gong refused the erase and nothing was erased, so there is nothing to verify, and the run ends with exit 10 until Gong Support has carried it out ('gong-privacy report' lists what they need).";
            }

            var remaining = plan.LinesIn(RowState.Remaining);
            if (remaining.Count > 0)
            {
                yield return "References remain for " + Words.Plural(remaining.Count, "subject") + " (" + Words.Lines(remaining) + "). Gong may still be erasing, or re-imported them from a CRM that still holds them: remove them there, erase again, and verify later.";
            }

            if (_notDue > 0)
            {
                yield return Words.Plural(_notDue, "subject") + " " + (_notDue == 1 ? "was" : "were") + " erased too recently; run the same command again later.";
            }
        }

        public int ExitCode(IReadOnlyCollection<RowState> states)
        {
            var exits = states.Select(s => s.Info().VerifyExit).ToList();
            return new[] { ExitCodes.CameBack, ExitCodes.ReferencesRemain, ExitCodes.NotAllVerified }.FirstOrDefault(exits.Contains);
        }

        private static WorkItem Look(Run run, RowRecord erased, BatchRow row, string label, RowState state)
        {
            var item = new RowRef(erased.Line ?? row.Line, row.Subject!, erased.Key!);
            return new WorkItem(item, label, async () => (await RowCall.LookUpAsync(run, item, CallKind.Verify, state).ConfigureAwait(false)).End);
        }

        /// <summary>
        /// Whether the watch (<c>--again-after</c>) looks a verified subject up again: once its last look found nothing at
        /// least that long ago. A subject that came back waits for a person (delete it at its source, erase it again).
        /// </summary>
        private bool LooksAgain(RowRecord erased, RowState state, Dictionary<string, BatchRow> subjects)
        {
            if (_request.AgainAfter is not TimeSpan again || state == RowState.CameBack || !subjects.ContainsKey(erased.Key!))
            {
                return false;
            }

            var looked = erased.Entries.LastOrDefault(e => e.Event == JournalEvent.End && RunActions.Parse(e.Action) == RunAction.Verify)?.Timestamp ?? DateTimeOffset.MaxValue;
            return looked <= _environment.Time.GetUtcNow() - again;
        }

        /// <summary>Why a row is not looked up in this run, or null: only an erase that reached Gong (or may have) is verified, once it is due.</summary>
        private string? Skip(RowRecord erased, RowState state, Dictionary<string, BatchRow> subjects)
        {
            if (state == RowState.NeedsSupport)
            {
                return "Gong refused the erase (" + state.Info().Page + "): nothing was erased, so there is nothing to verify until Gong Support carries it out";
            }

            if (state is not (RowState.Accepted or RowState.Remaining or RowState.InDoubt))
            {
                return "no erase of this subject reached Gong (" + state.Info().Page + "); resume the erase batch first";
            }

            if (!subjects.ContainsKey(erased.Key!))
            {
                return "the subject is not in the CSV given, so it cannot be looked up";
            }

            var sent = erased.Entries.LastOrDefault(e => e.Action == RunAction.Erase.Name() && e.Event is JournalEvent.Sent or JournalEvent.End)?.Timestamp ?? DateTimeOffset.MinValue;
            var due = sent + _delay;
            if (due > _environment.Time.GetUtcNow())
            {
                _notDue++;
                return "erased less than " + Words.Duration(_delay) + " ago; due after " + due.ToString("u", CultureInfo.InvariantCulture);
            }

            return null;
        }

        /// <summary>When the verify pass being resumed began (its first run-start that is not a resume).</summary>
        private static DateTimeOffset? PassStart(IReadOnlyList<JournalEntry> journal, string thisRun) =>
            journal.LastOrDefault(e => e.Event == JournalEvent.RunStart && e.Action == RunAction.Verify.Name() && e.Single != true && e.Resume != true && e.Run != thisRun)?.Timestamp;
    }
}
