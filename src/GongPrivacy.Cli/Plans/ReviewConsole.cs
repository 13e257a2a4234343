using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;
using Spectre.Console;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// A review on the console, before a single <c>erase</c> asks and after a <c>lookup</c>: each flag with its sentence
    /// and what it reaches, in the plan's words (the other numbers and addresses masked, the CRM systems named, the
    /// categories above the thresholds), or that Gong holds nothing.
    /// </summary>
    internal static class ReviewConsole
    {
        public static void Show(IAnsiConsole console, ISubjectReferences data, Review review, ReviewThresholds thresholds)
        {
            if (data.IsEmpty)
            {
                console.MarkupLine(Markup.Escape("nothing-held: " + PlanFlags.Sentence(RowState.NothingHeld.Name())));
                return;
            }

            if (review.Flags.Count == 0)
            {
                console.MarkupLine("No flag: no other person's number or address matches, no CRM holds the subject, and no category is above --review-above.");
                return;
            }

            foreach (var flag in review.Flags)
            {
                console.MarkupLine("[yellow]" + Markup.Escape(flag) + "[/]: " + Markup.Escape(PlanFlags.Sentence(flag) + " " + Reach(flag, data, review, thresholds)));
            }
        }

        /// <summary>What a flag reaches for this subject, in one sentence.</summary>
        public static string Reach(string flag, ISubjectReferences data, Review review, ReviewThresholds thresholds) => flag switch
        {
            PlanFlags.OtherPeople => "Here: " + string.Join(", ", review.Matches) + ".",
            PlanFlags.CrmStillHolds => "Here: " + string.Join(", ", PlanReview.Systems(data)) + ".",
            PlanFlags.Large => "Here: " + string.Join(", ", thresholds.Exceeded(Report.CountMap(data))) + ".",
            _ => string.Empty,
        };

        /// <summary>The flags not approved, for the one line that refuses the erase.</summary>
        public static string Refusal(Subject subject, ISubjectReferences data, Review review, List<string> missing, ReviewThresholds thresholds) =>
            "Not erased: " + subject.KindName + " " + subject.Masked + " is flagged " + string.Join(", ", missing) + ". "
            + string.Join(" ", missing.Select(f => f + ": " + PlanFlags.Sentence(f) + " " + Reach(f, data, review, thresholds)))
            + " Once reviewed, erase it with --approve " + string.Join(",", missing) + ".";
    }
}
