using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>Who approved a flag of a plan, and when, as the journal's <c>approved</c> entry recorded it.</summary>
    internal sealed record EvidenceApproval(string Flag, string? Operator, DateTimeOffset At);

    /// <summary>The plan a row was erased under, its flags and who approved them; or no plan.</summary>
    internal sealed record EvidencePlan(string? Id, IReadOnlyList<string> Flags, IReadOnlyList<EvidenceApproval> Approvals, bool Erased)
    {
        /// <summary>In words, the same in every format: "plan plan-1a2b3c4d; crm-still-holds approved by ops at 2030-01-01T09:00:05Z", or "no plan".</summary>
        public string Text => Id == null && !Erased ? string.Empty
            : (Id == null ? "no plan" : "plan " + Id + (Flags.Count == 0 ? ": no flag" : string.Empty))
                + (Flags.Count == 0 ? string.Empty : "; " + string.Join("; ", Flags.Select(f => Approvals.FirstOrDefault(a => a.Flag == f) is EvidenceApproval a
                    ? f + " approved by " + (a.Operator ?? "an operator whose name was not recorded") + " at " + EvidenceReport.Time(a.At)
                    : f + " not approved")));
    }

    /// <summary>Reads, for each row, the plan of its erase (the plan id its entries carry), its flags (its plan lookup) and the approvals of them.</summary>
    internal sealed class EvidencePlans
    {
        private readonly List<JournalEntry> _approvals;

        public EvidencePlans(IReadOnlyList<JournalEntry> entries) => _approvals = entries.Where(e => e.Event == JournalEvent.Approved).ToList();

        public EvidencePlan For(RowRecord record)
        {
            var erase = record.Entries.FirstOrDefault(e => e.Event == JournalEvent.Start && RunActions.Parse(e.Action) == RunAction.Erase);
            var id = record.Entries.LastOrDefault(e => e.Plan != null)?.Plan;
            var flags = (IReadOnlyList<string>?)record.Entries.LastOrDefault(e => e.Event == JournalEvent.End && RunActions.Parse(e.Action) == RunAction.Plan)?.Flags ?? Array.Empty<string>();
            if (record.State is RowState.NothingHeld)
            {
                flags = Array.Empty<string>();
            }

            if (id == null)
            {
                // A single erase of a flagged subject: no plan, and the flags its operator approved in one of the row's runs.
                var single = erase == null ? null : _approvals.LastOrDefault(a => a.Plan == null && record.Entries.Any(e => e.Run == a.Run));
                var approved = single?.Flags ?? new List<string>();
                return new EvidencePlan(null, approved, approved.Select(f => new EvidenceApproval(f, single!.Operator, single.Timestamp)).ToList(), erase != null);
            }

            var until = erase?.Timestamp ?? DateTimeOffset.MaxValue;
            var approvals = flags.Select(f => _approvals.FirstOrDefault(a => a.Plan == id && a.Timestamp <= until && a.Flags?.Contains(f) == true) is JournalEntry a ? new EvidenceApproval(f, a.Operator, a.Timestamp) : null)
                .Where(a => a != null).Select(a => a!).ToList();
            return new EvidencePlan(id, flags, approvals, erase != null);
        }
    }
}
