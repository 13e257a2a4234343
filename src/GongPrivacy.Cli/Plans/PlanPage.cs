using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// The plan as a page for the person who approves it: one self-contained file (style inline, no script, image or
    /// font), printable on A4 and Letter like the evidence, subjects and the other people's numbers and addresses masked.
    /// It opens with what the plan is, then what each flag means and how many rows carry it, then the rows held for review
    /// first and every other row after: what Gong holds, the flags with what they reach (the other numbers and addresses,
    /// the CRM systems, the categories above the thresholds), and what the erase will do with it; last, the command that
    /// erases with it.
    /// </summary>
    internal static class PlanPage
    {
        private const string Extra = ".flag{font-weight:600;font-family:'DejaVu Sans Mono','Liberation Mono',Consolas,monospace}.reach{display:block;margin:.1em 0 .3em}.todo{font-weight:600}pre{white-space:pre-wrap;word-break:break-all;background:#f3f3f3;padding:.5em;border:1px solid #767676}";

        public static string Html(PlanDocument plan)
        {
            var thresholds = ReviewThresholds.Of(ReviewThresholds.Categories.ToDictionary(c => c.Category, c => plan.ReviewAbove.TryGetValue(c.Option, out var n) ? n : c.Default));
            var html = new StringBuilder(8192 + (plan.Rows.Count * 600));
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Erasure plan ").Append(E(plan.Id))
                .Append(" for review</title>\n<style>\n").Append(EvidencePage.Style).Append(Extra).Append("\n</style>\n</head>\n<body>\n<main>\n");
            html.Append("<h1>Erasure plan for review</h1>\n<p>What Gong held for every row of the CSV when the plan looked it up, and what an erase would reach. Nothing has been erased. Subjects, and the other people's numbers and addresses, are masked. All times are UTC.</p>\n");
            if (plan.Sandbox)
            {
                html.Append("<p id=\"sandbox\"><b>Sandbox:</b> the lookups went to the embedded sandbox, a fake Gong.</p>\n");
            }

            html.Append("<table class=\"summary\" id=\"summary\">\n<caption>The plan</caption>\n<tbody>\n");
            Fact(html, "plan", "Plan", "<span class=\"id\">" + E(plan.Id) + "</span>");
            Fact(html, "hash", "Content hash", "<span class=\"id\">" + E(plan.Hash) + "</span>");
            Fact(html, "created", "Written", Time(plan.CreatedAt) + "; looked up from " + Time(plan.LookedUpFrom));
            Fact(html, "journal", "Journal", "<code>" + E(plan.Journal) + "</code> (key " + E(plan.JournalKey) + ")");
            Fact(html, "host", "Gong host", E(plan.Host) + (plan.Sandbox && !plan.Host.Contains("sandbox", StringComparison.Ordinal) ? " (the embedded sandbox)" : string.Empty));
            Fact(html, "csv", "CSV", "<code>" + E(plan.Csv) + "</code>");
            Fact(html, "rows", "Rows", E(RowsText(plan)));
            Fact(html, "review-above", "Large above", E(string.Join(", ", ReviewThresholds.Categories.Select(c => thresholds.Above[c.Category].ToString(CultureInfo.InvariantCulture) + " " + c.Category))));
            Fact(html, "valid", "Good for an erase until", Time(PlanBuilder.Time(plan.LookedUp + BatchRequest.DefaultPlanValidFor)) + " (" + E(Words.Duration(BatchRequest.DefaultPlanValidFor)) + " from its first lookup, unless --plan-valid-for says otherwise)");
            html.Append("</tbody>\n</table>\n");

            html.Append("<h2>What the flags mean</h2>\n<table class=\"states\" id=\"flags\">\n<thead><tr><th scope=\"col\">Flag</th><th scope=\"col\" class=\"number\">Rows</th><th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n");
            foreach (var name in PlanFlags.All.Select(f => f.Name).Concat(PlanFlags.StateFlags.Select(s => s.Name())))
            {
                html.Append("<tr><th scope=\"row\" class=\"flag nowrap\">").Append(E(name)).Append("</th><td class=\"number\" id=\"total-").Append(E(name)).Append("\">").Append(plan.Totals.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(E(PlanFlags.Sentence(name))).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            var held = plan.Rows.Where(r => RowStates.TryParse(r.State, out var st) && st == RowState.Held).ToList();
            Rows(html, "held", "Held for review: erased only if you approve every flag (" + held.Count.ToString(CultureInfo.InvariantCulture) + ")", held, thresholds);
            Rows(html, "rows", "Every other row (" + (plan.Rows.Count - held.Count).ToString(CultureInfo.InvariantCulture) + ")", plan.Rows.Except(held).ToList(), thresholds);
            html.Append("<h2>To erase with this plan</h2>\n<p>Erases the planned rows, and sends nothing for the rows that hold nothing. An approval is recorded in the journal with your user name and the time.</p>\n<pre>gong-privacy ").Append(plan.Sandbox ? "--sandbox " : string.Empty).Append("batch erase --plan ")
                .Append(E("<plan.json>")).Append(" --journal ").Append(E(plan.Journal)).Append("</pre>\n");
            var flagged = PlanFlags.All.Select(f => f.Name).Where(f => plan.Totals.GetValueOrDefault(f) > 0).ToList();
            html.Append(flagged.Count == 0 ? "<p>No row is held for review.</p>\n"
                : "<p>A held row is erased only when you add <code>--approve</code> with every one of its flags (this plan's: " + string.Join(", ", flagged.Select(f => "<code class=\"nowrap\">" + E(f) + "</code>")) + "); a flag you leave out holds its rows.</p>\n")
                .Append("</main>\n</body>\n</html>\n");
            return html.ToString();
        }

        /// <summary>A table of rows, each with what Gong holds, its flags and what they reach, and what the erase does with it.</summary>
        private static void Rows(StringBuilder html, string id, string title, List<PlanRow> rows, ReviewThresholds thresholds)
        {
            html.Append("<h2>").Append(E(title)).Append("</h2>\n");
            if (rows.Count == 0)
            {
                html.Append("<p>None.</p>\n");
                return;
            }

            html.Append("<table class=\"rows\" id=\"").Append(id).Append("\">\n<thead><tr><th scope=\"col\" class=\"number\">Line</th><th scope=\"col\">Subject (masked)</th><th scope=\"col\">What Gong holds</th><th scope=\"col\">Flags, and what they reach</th><th scope=\"col\">The erase</th></tr></thead>\n<tbody>\n");
            foreach (var row in rows)
            {
                RowStates.TryParse(row.State, out var state);
                var flags = row.Flags.Count > 0 ? row.Flags : PlanFlags.StateFlags.Contains(state) ? new List<string> { row.State } : new List<string>();
                html.Append("<tr data-line=\"").Append(row.Line.ToString(CultureInfo.InvariantCulture)).Append("\" data-state=\"").Append(E(row.State)).Append("\" data-flags=\"").Append(E(string.Join(" ", flags))).Append("\"><td class=\"number\">")
                    .Append(row.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"nowrap\">").Append(E(row.Kind == null ? string.Empty : row.Kind + " ")).Append(E(row.Subject)).Append("</td><td>")
                    .Append(E(Holds(row))).Append(row.RequestId == null ? string.Empty : "<span class=\"detail\">Gong request ID <span class=\"id\">" + E(row.RequestId) + "</span></span>").Append("</td><td>");
                foreach (var flag in flags)
                {
                    html.Append("<span class=\"reach\"><span class=\"flag\">").Append(E(flag)).Append("</span>").Append(E(Reach(flag, row, thresholds))).Append("</span>");
                }

                html.Append("</td><td>").Append(Action(state, row)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        private static string Holds(PlanRow row) =>
            row.Counts == null ? (row.Detail ?? string.Empty)
            : row.Counts.Values.All(v => v == 0) ? "nothing"
            : EvidenceReport.Counts(row.Counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value), ", ");

        private static string Reach(string flag, PlanRow row, ReviewThresholds thresholds) => flag switch
        {
            PlanFlags.OtherPeople => ": " + (row.OtherNumbers == null ? string.Empty : "it also matches " + string.Join(", ", row.OtherNumbers) + ", not the subject's number; ")
                + "the leads and contacts holding it have the addresses " + string.Join(", ", row.Addresses ?? new List<string>()) + ". The erase deletes every one of them, with their emails and calls.",
            PlanFlags.CrmStillHolds => ": held in " + string.Join(", ", row.Systems ?? new List<string>()) + ". Gong imports it again unless it is deleted there first.",
            PlanFlags.Large => ": " + string.Join(", ", thresholds.Exceeded(row.Counts)) + ". Gong may refuse the erase as an abnormal deletion.",
            _ => ": " + (row.Detail ?? PlanFlags.Sentence(flag)),
        };

        /// <summary>What the erase does with the row, as HTML: an option and a flag are never cut at a line break.</summary>
        private static string Action(RowState state, PlanRow row) => state switch
        {
            RowState.Planned => "to erase",
            RowState.Held => "held: erased only with <span class=\"nowrap\">--approve</span> " + string.Join(",<wbr>", row.Flags.Select(f => "<span class=\"nowrap\">" + E(f) + "</span>")),
            RowState.NothingHeld => "no erase: nothing to erase",
            RowState.Invalid or RowState.Duplicate => "nothing sent",
            _ => E(state.Info().Page) + ": not part of this plan's erase",
        };

        private static string RowsText(PlanDocument plan)
        {
            int T(RowState s) => plan.Totals.GetValueOrDefault(s.Name());
            return plan.Rows.Count.ToString(CultureInfo.InvariantCulture) + " rows in the CSV: " + T(RowState.Planned).ToString(CultureInfo.InvariantCulture) + " to erase as they are, "
                + T(RowState.Held).ToString(CultureInfo.InvariantCulture) + " held for review, " + string.Join(", ", PlanFlags.StateFlags.Select(s => T(s).ToString(CultureInfo.InvariantCulture) + " " + s.Info().Page)) + ".";
        }

        private static void Fact(StringBuilder html, string id, string name, string value) =>
            html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td id=\"summary-").Append(id).Append("\">").Append(value).Append("</td></tr>\n");

        private static string Time(string utc) =>
            "<time datetime=\"" + E(utc) + "\">" + E(utc.Replace('T', ' ').TrimEnd('Z')) + "</time>";

        private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
    }
}
