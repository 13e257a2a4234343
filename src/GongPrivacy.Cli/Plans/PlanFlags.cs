using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// The flags a plan puts on a row that a person must approve before it is erased, each with its one plain sentence.
    /// The other things a plan says about a row (<c>nothing-held</c>, <c>invalid</c>, <c>duplicate</c>) are the row's state,
    /// in the one row vocabulary (<see cref="RowStates"/>), and are named by it.
    /// </summary>
    internal static class PlanFlags
    {
        /// <summary>A phone erase deletes every lead or contact with a matching number: some may not be the subject.</summary>
        public const string OtherPeople = "other-people";

        /// <summary>A CRM still holds the subject: Gong imports it again unless it is deleted there first.</summary>
        public const string CrmStillHolds = "crm-still-holds";

        /// <summary>A category holds more than <c>--review-above</c> allows: Gong refuses abnormal deletions.</summary>
        public const string Large = "large";

        /// <summary>Every flag a person approves, in the order a page lists them, with its sentence.</summary>
        public static readonly IReadOnlyList<(string Name, string Sentence)> All = new[]
        {
            (OtherPeople, "The erase reaches other people: Gong deletes every lead or contact that holds a matching number, with their emails and every call they appear in, and this number also matches another number or more than one person's address (listed, masked): check that they are all the subject's."),
            (CrmStillHolds, "A CRM still holds the subject (the systems are named): Gong will import the data again unless it is deleted there first."),
            (Large, "Gong holds more for the subject than --review-above allows in a category (named): Gong refuses abnormally large deletions and does not publish its limits, so a person looks first."),
        };

        /// <summary>The sentence of a flag, or of a state a plan names as a flag (<c>nothing-held</c>, <c>invalid</c>, <c>duplicate</c>).</summary>
        public static string Sentence(string name) =>
            All.FirstOrDefault(f => f.Name == name).Sentence
            ?? (RowStates.TryParse(name, out var state) ? state.Info().Meaning : throw new ArgumentException("not a flag: " + name, nameof(name)));

        /// <summary>The states a plan names as flags of their own, besides the flags a person approves.</summary>
        public static readonly IReadOnlyList<RowState> StateFlags = new[] { RowState.NothingHeld, RowState.Invalid, RowState.Duplicate };

        /// <summary>Reads <c>--approve other-people,crm-still-holds,large</c> (given once or several times); an unknown name is a usage error.</summary>
        public static IReadOnlyCollection<string> ParseApproval(IEnumerable<string>? values)
        {
            var approved = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var name in (values ?? Array.Empty<string>()).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var known = All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Name;
                approved.Add(known ?? throw new CliException(ExitCodes.Usage, "--approve takes " + string.Join(", ", All.Select(f => f.Name)) + "; '" + name + "' is not a flag a person approves. Nothing was sent."));
            }

            return approved;
        }

        /// <summary>The flags of <paramref name="flags"/> that <paramref name="approved"/> does not cover, in the table's order.</summary>
        public static List<string> NotApproved(IEnumerable<string>? flags, IReadOnlyCollection<string> approved) =>
            All.Select(f => f.Name).Where(f => (flags ?? Array.Empty<string>()).Contains(f, StringComparer.Ordinal) && !approved.Contains(f)).ToList();
    }
}
