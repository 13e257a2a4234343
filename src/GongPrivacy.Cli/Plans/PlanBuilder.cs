using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>One row for a plan, as the plan run found it: its line, subject (masked) and state, and the entry that ended its lookup.</summary>
    internal sealed record PlanInput(int Line, string? Kind, string? Subject, string? Key, RowState State, JournalEntry? Lookup, string? Detail);

    /// <summary>Makes a <see cref="PlanDocument"/> from what a plan run's lookups recorded in the journal: one source for the JSON and the page.</summary>
    internal static class PlanBuilder
    {
        /// <summary>The plan of <paramref name="rows"/>, in the CSV's order.</summary>
        public static PlanDocument Build(string id, DateTimeOffset now, string journalName, string keyId, string csv, string csvHash, string host, string origin, bool sandbox, ReviewThresholds thresholds, IEnumerable<PlanInput> rows)
        {
            var plan = new PlanDocument
            {
                Id = id,
                CreatedAt = Time(now),
                Journal = journalName,
                JournalKey = keyId,
                Csv = csv,
                CsvHash = csvHash,
                Host = host,
                Origin = origin,
                Sandbox = sandbox,
                ReviewAbove = ReviewThresholds.Categories.ToDictionary(c => c.Option, c => thresholds.Above[c.Category]),
            };
            foreach (var input in rows.OrderBy(r => r.Line))
            {
                var lookup = input.Lookup;
                var matches = lookup?.Matches ?? new List<string>();
                plan.Rows.Add(new PlanRow
                {
                    Line = input.Line,
                    Kind = input.Kind,
                    Subject = input.Subject,
                    Key = input.Key,
                    State = input.State.Name(),
                    Flags = input.State == RowState.Held ? lookup?.Flags ?? new List<string>() : new List<string>(),
                    RequestId = lookup?.RequestId,
                    LookedUpAt = lookup == null ? null : Time(lookup.Timestamp),
                    Counts = lookup?.Counts,
                    Systems = lookup?.Systems,
                    OtherNumbers = matches.Any(m => !m.Contains('@', StringComparison.Ordinal)) ? matches.Where(m => !m.Contains('@', StringComparison.Ordinal)).ToList() : null,
                    Addresses = matches.Any(m => m.Contains('@', StringComparison.Ordinal)) ? matches.Where(m => m.Contains('@', StringComparison.Ordinal)).ToList() : null,
                    Detail = input.Detail,
                });
            }

            var first = rows.Where(r => r.Lookup != null).Select(r => r.Lookup!.Timestamp).DefaultIfEmpty(now).Min();
            plan.LookedUpFrom = Time(first);
            foreach (var name in RowStates.All.Select(i => i.Name).Concat(PlanFlags.All.Select(f => f.Name)))
            {
                var count = plan.Rows.Count(r => r.State == name || r.Flags.Contains(name));
                if (count > 0)
                {
                    plan.Totals[name] = count;
                }
            }

            return plan;
        }

        /// <summary>A time as a plan writes it: UTC, to the second.</summary>
        public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
