using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// An erase under a plan (<c>batch erase --plan</c>): the plan is checked before anything is sent (its content against
    /// its hash, its age against <c>--plan-valid-for</c>, its CSV, then its journal: the key, and the plan entry with the
    /// same id and hash as the journal's latest), and then decides each row: a planned row is sent; a held row only when
    /// every one of its flags is approved (in this run, or an earlier run of the same plan, as the journal recorded with
    /// the operator and the time); a row that holds nothing is recorded so, with the plan's request id, and never sent.
    /// </summary>
    internal sealed class PlanGate
    {
        private readonly CliEnvironment _environment;
        private readonly IReadOnlyCollection<string> _approving;
        private readonly Dictionary<string, PlanRow> _rows;
        private readonly Dictionary<string, List<int>> _held = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        private SortedSet<string> _approved;

        private PlanGate(CliEnvironment environment, PlanDocument plan, string path, IReadOnlyCollection<string> approving)
        {
            _environment = environment;
            Document = plan;
            Path = path;
            _approving = approving;
            _approved = new SortedSet<string>(approving, StringComparer.Ordinal);
            _rows = plan.Rows.Where(r => r.Key != null).GroupBy(r => r.Key!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }

        public PlanDocument Document { get; }

        /// <summary>The plan file.</summary>
        public string Path { get; }

        /// <summary>Reads the plan and checks its content and its age; one error (exit 12) otherwise, nothing sent.</summary>
        public static PlanGate Load(CliEnvironment environment, string path, IReadOnlyCollection<string> approving, TimeSpan validFor)
        {
            var full = environment.Resolve(path);
            var plan = PlanDocument.Read(full);
            var age = environment.Time.GetUtcNow() - plan.LookedUp;
            if (age > validFor)
            {
                throw PlanDocument.Refused("The plan " + plan.Id + " was looked up from " + plan.LookedUpFrom + ", " + Words.Duration(TimeSpan.FromSeconds(Math.Floor(age.TotalSeconds))) + " ago: older than --plan-valid-for (" + Words.Duration(validFor) + "), and what Gong holds may have changed since (CRM syncs, new calls and emails). Make a new plan: gong-privacy batch plan " + plan.Csv + " --journal <journal> --output <plan.json>");
            }

            return new PlanGate(environment, plan, full, approving);
        }

        /// <summary>The CSV to erase: the one given, else the one the plan was made from.</summary>
        public string Csv(string? given) => given == null ? Document.Csv : _environment.Resolve(given);

        /// <summary>The CSV must be the plan's, byte for byte.</summary>
        public void CheckCsv(string csv, string fingerprint)
        {
            if (!string.Equals(fingerprint, Document.CsvHash, StringComparison.Ordinal))
            {
                throw PlanDocument.Refused("The CSV " + csv + " is not the file the plan " + Document.Id + " was made from (its hash differs): the plan's rows would not be its rows. Erase with the plan's CSV, or make a new plan");
            }
        }

        /// <summary>
        /// The erase must go where the plan looked: the same host, sandbox or not. A plan of the sandbox says nothing of what
        /// a tenant holds, and one tenant's plan nothing of another's.
        /// </summary>
        public void CheckTarget(string origin, bool sandbox)
        {
            if (sandbox != Document.Sandbox || (!sandbox && !string.Equals(origin, Document.Origin, StringComparison.OrdinalIgnoreCase)))
            {
                throw PlanDocument.Refused("The plan " + Document.Id + " was looked up at " + Where(Document.Origin, Document.Sandbox) + ", and this erase would go to " + Where(origin, sandbox) + ": what the plan shows is not what that host holds. Erase where the plan looked (" + (Document.Sandbox ? "--sandbox" : "--base-url or GONG_BASE_URL") + "), or make a plan there");
            }
        }

        private static string Where(string host, bool sandbox) => sandbox ? "the embedded sandbox" : host;

        /// <summary>The plan must be the journal's: its key, and its latest plan entry with the same id and hash.</summary>
        public void CheckJournal(AuditJournal journal)
        {
            var plans = journal.Existing.Where(e => e.Event == JournalEvent.Plan).ToList();
            var mine = plans.LastOrDefault(e => e.Plan == Document.Id);
            if (!string.Equals(Document.JournalKey, journal.KeyId, StringComparison.Ordinal) || mine == null)
            {
                throw PlanDocument.Refused("The plan " + Document.Id + " belongs to another journal (" + Document.Journal + ", key " + Document.JournalKey + "): " + journal.Path + " holds no such plan. Erase with the journal the plan was made with");
            }

            if (!string.Equals(mine.Hash, Document.Hash, StringComparison.Ordinal))
            {
                throw PlanDocument.Refused("The plan " + Path + " is not the plan " + Document.Id + " the journal recorded (hash " + mine.Hash + ", the file's " + Document.Hash + "): it was written again or changed. Use the file the journal names, or make a new plan");
            }

            if (plans[^1].Plan != Document.Id)
            {
                throw PlanDocument.Refused("The journal holds a newer plan, " + plans[^1].Plan + " (" + plans[^1].Timestamp.ToString("u", CultureInfo.InvariantCulture) + "), than " + Document.Id + ": erase with that one");
            }

            foreach (var earlier in journal.Existing.Where(e => e.Event == JournalEvent.Approved && e.Plan == Document.Id))
            {
                _approved.UnionWith(earlier.Flags ?? new List<string>());
            }
        }

        /// <summary>The question before the erase, counting what the plan lets it erase.</summary>
        public string Question()
        {
            int Count(RowState state) => Document.Rows.Count(r => RowStates.TryParse(r.State, out var s) && s == state && Erases(r));
            var held = Document.Totals.GetValueOrDefault(RowState.Held.Name());
            return "Erase what Gong holds for the rows plan " + Document.Id + " approves: " + Words.Plural(Count(RowState.Planned) + Count(RowState.Held), "row") + " ("
                + Count(RowState.Planned).ToString(CultureInfo.InvariantCulture) + " planned, and " + Count(RowState.Held).ToString(CultureInfo.InvariantCulture) + " of the " + held.ToString(CultureInfo.InvariantCulture) + " held for review, approved by --approve "
                + (_approved.Count == 0 ? "(none)" : string.Join(",", _approved)) + ")? This cannot be undone.";
        }

        /// <summary>Records the operator's approval (who, when, which flags of which plan) when this run approves any.</summary>
        public void Open(Run run, List<JournalEntry> record)
        {
            if (_approving.Count == 0)
            {
                return;
            }

            var approved = run.Entry(JournalEvent.Approved);
            approved.Plan = Document.Id;
            approved.Flags = _approving.ToList();
            approved.Operator = string.IsNullOrWhiteSpace(_environment.UserName) ? null : _environment.UserName;
            approved.Detail = "approved for erase under plan " + Document.Id + ": the rows flagged " + string.Join(", ", _approving);
            record.Add(approved);
        }

        /// <summary>Whether the plan lets a row that is not sent by its state alone be sent; records why not when it holds it back.</summary>
        public bool Sends(Run run, ListedRow listed, List<JournalEntry> record)
        {
            var item = listed.Row!;
            _rows.TryGetValue(item.Key, out var row);
            if (listed.State == RowState.Held)
            {
                var missing = PlanFlags.NotApproved(row?.Flags ?? listed.Known?.Entries.LastOrDefault(e => e.Flags != null)?.Flags, _approved);
                if (missing.Count == 0)
                {
                    return true;
                }

                foreach (var flag in missing)
                {
                    (_held.TryGetValue(flag, out var lines) ? lines : _held[flag] = new List<int>()).Add(item.Line ?? 0);
                }

                var held = run.RowEntry(JournalEvent.Skipped, item, RowState.Held);
                held.Flags = missing;
                held.Detail = "held for review: not approved: " + string.Join(", ", missing) + " (approve with --approve " + string.Join(",", missing) + ")";
                record.Add(held);
            }
            else if (listed.State == RowState.NothingHeld && listed.Known?.Entries[^1].Event != JournalEvent.Skipped)
            {
                var nothing = run.RowEntry(JournalEvent.Skipped, item, RowState.NothingHeld);
                nothing.RequestId = row?.RequestId;
                nothing.Detail = "nothing held when plan " + Document.Id + " looked it up (Gong request id " + (row?.RequestId ?? "none") + "): no erase needed, none sent";
                record.Add(nothing);
            }

            return false;
        }

        /// <summary>The rows held back, by the flag not approved, for the run's summary.</summary>
        public IEnumerable<string> Remarks()
        {
            if (_held.Count == 0)
            {
                yield break;
            }

            var lines = _held.Values.SelectMany(l => l).Distinct().ToList();
            yield return Words.Plural(lines.Count, "row") + " held for review, not erased (" + Words.Lines(lines) + "): " + string.Join("; ", PlanFlags.All.Where(f => _held.ContainsKey(f.Name)).Select(f => f.Name + " not approved" + (_held.Count == 1 ? string.Empty : " (" + Words.Lines(_held[f.Name]) + ")")))
                + ". Read the plan's page; to erase them, run the same command with --resume and --approve " + string.Join(",", PlanFlags.All.Select(f => f.Name).Where(_held.ContainsKey)) + ".";
        }

        private bool Erases(PlanRow row) => RowStates.TryParse(row.State, out var state) && (state == RowState.Planned || (state == RowState.Held && PlanFlags.NotApproved(row.Flags, _approved).Count == 0));
    }
}
