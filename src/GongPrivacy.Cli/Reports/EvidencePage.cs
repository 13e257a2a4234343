using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Rows;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// The evidence for an auditor as one self-contained HTML page: a summary of the facts asked first, the final
    /// states (a bar, and a table of only the states that occur, each with its count and meaning, so colour is never
    /// the only carrier), then every row. It prints on A4 and Letter: times and IDs never break, the table's header
    /// repeats on every page, and a row is never cut.
    /// </summary>
    internal static class EvidencePage
    {
        internal const string Style =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans',Arial,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#1b1b1b;background:#fff;line-height:1.4}"
            + "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #555;padding-bottom:.1em}"
            + "table{border-collapse:collapse;width:100%;margin:.5em 0}caption{text-align:left;font-weight:600;padding-bottom:.2em}th,td{border:1px solid #767676;padding:.25em .5em;text-align:left;vertical-align:top}"
            + "thead th{background:#e8e8e8}table.summary th{width:13em;background:#f3f3f3}.number{text-align:right}"
            + ".bar{display:flex;height:1.6em;border:1px solid #1b1b1b;margin:.6em 0}.bar div{height:100%}"
            + ".swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.4em;border:1px solid #1b1b1b}"
            + ".bar div,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
            + ".nowrap,time{white-space:nowrap}.id,#summary-journal-head{font-family:'DejaVu Sans Mono','Liberation Mono',Consolas,monospace;font-size:.92em}.rows{font-size:.92em}.detail{display:block;font-size:.9em}.uncovered{color:#b71c1c;font-weight:700}"
            + "h1,h2,caption{break-after:avoid;page-break-after:avoid}tr,.bar,table.summary,table.states{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
            + "@page{margin:14mm 12mm}@media print{body{margin:0;max-width:none;padding:0;font-size:9.5pt}.rows{font-size:.9em}.rows td,.rows th{padding:.2em .35em}}";

        /// <summary>The page.</summary>
        public static string Html(string journalName, Evidence evidence, DateTimeOffset generatedAt)
        {
            var rows = evidence.Rows;
            var runs = evidence.Runs;
            var facts = EvidenceReport.Facts(journalName, evidence, generatedAt).ToDictionary(f => f.Name, f => f.Value);
            var totals = evidence.Totals();
            var (count, median, max) = evidence.TimeToVerification();
            var html = new StringBuilder(8192 + (rows.Count * 480));
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Erasure evidence: ")
                .Append(E(journalName)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
            html.Append("<h1>Erasure evidence</h1>\n<p>From the audit journal <code>").Append(E(journalName)).Append("</code>. Subjects are masked: the journal holds no email address or phone number in full. All times are UTC.</p>\n");
            if (runs.AnySandbox)
            {
                html.Append("<p class=\"sandbox\" id=\"sandbox\"><b>Sandbox:</b> these calls went to the embedded sandbox, a fake Gong. This is not evidence of erasure at Gong.</p>\n");
            }

            html.Append("<table class=\"summary\" id=\"summary\">\n<caption>Summary</caption>\n<tbody>\n");
            Row(html, "company", "Company", facts["company"]);
            Row(html, "host", "Gong host", facts["host"]);
            Row(html, "environment", "Sandbox or production", runs.Environments.Count == 0 ? facts["sandbox"] : string.Join(" and ", runs.Environments.Select(e => e == "sandbox" ? "Sandbox (the tool's embedded fake Gong: nothing real was erased)" : "Production (a real Gong tenant)")));
            Row(html, "operator", "Operator (user name)", facts["operator"]);
            Row(html, "time-span", "Time span", runs.From == null ? "no entries" : Time(runs.From) + " to " + Time(runs.To) + " (" + EvidenceReport.Duration((runs.To!.Value - runs.From.Value).TotalSeconds) + ")", raw: true);
            Row(html, "runs", "Runs", Runs(runs));
            Row(html, "rows", "Rows", RowsText(runs, rows.Count));
            Row(html, "integrity", "Journal integrity", Integrity(evidence, facts["integrity"]), raw: true);
            Row(html, "generated-at", "Report written", Time(generatedAt), raw: true);
            Row(html, "tool-version", "Tool version", facts["tool version"]);
            Row(html, "journal-head", "Journal head", facts["journal head"]);
            html.Append("</tbody>\n</table>\n");

            html.Append("<h2>Final states</h2>\n<div class=\"bar\" role=\"img\" aria-label=\"Final states: ").Append(E(string.Join(", ", totals.Select(t => t.Count.ToString(CultureInfo.InvariantCulture) + " " + t.State.Info().Page)))).Append("\">");
            foreach (var (state, n) in totals)
            {
                html.Append("<div style=\"width:").Append((100.0 * n / Math.Max(1, rows.Count)).ToString("0.###", CultureInfo.InvariantCulture)).Append("%;background:").Append(state.Info().Colour).Append("\"></div>");
            }

            html.Append("</div>\n<table class=\"states\">\n<thead><tr><th scope=\"col\">Final state</th><th scope=\"col\" class=\"number\">Rows</th><th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n");
            foreach (var (state, n) in totals)
            {
                var info = state.Info();
                html.Append("<tr><th scope=\"row\" class=\"nowrap\"><span class=\"swatch\" style=\"background:").Append(info.Colour).Append("\"></span>").Append(E(info.Page)).Append("</th><td class=\"number\" id=\"total-").Append(info.Name).Append("\">")
                    .Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(info.Meaning)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n<p>Time from the erase request to its verification (").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" verified): median <b id=\"median\">")
                .Append(E(EvidenceReport.Duration(median))).Append("</b>, maximum <b id=\"max\">").Append(E(EvidenceReport.Duration(max))).Append("</b>.</p>\n");

            html.Append("<h2>Every row</h2>\n<table class=\"rows\">\n<thead><tr><th scope=\"col\" class=\"number\">Line</th><th scope=\"col\">Subject (masked)</th><th scope=\"col\">Request</th><th scope=\"col\">Requested (UTC)</th><th scope=\"col\">Gong request ID</th><th scope=\"col\">Verified (UTC)</th><th scope=\"col\">Final state</th></tr></thead>\n<tbody>\n");
            foreach (var r in rows)
            {
                var info = r.State.Info();
                html.Append("<tr><td class=\"number\">").Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"nowrap\">").Append(E(r.Subject)).Append("</td><td><span class=\"nowrap\">").Append(E(r.Action)).Append("</span>").Append(r.Plan.Text.Length == 0 ? string.Empty : "<span class=\"detail plan\">" + Unbroken(r.Plan.Text) + "</span>")
                    .Append("</td><td>").Append(Time(r.RequestedAt)).Append("</td><td class=\"nowrap id\">").Append(E(r.RequestId))
                    .Append("</td><td>").Append(Time(r.VerifiedAt)).Append("</td><td data-state=\"").Append(info.Name).Append("\"><span class=\"nowrap\"><span class=\"swatch\" style=\"background:").Append(info.Colour).Append("\"></span>")
                    .Append(E(r.Page)).Append("</span>").Append("<span class=\"detail\">" + E(r.Reason) + "</span>").Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
            return html.ToString();
        }

        private static void Row(StringBuilder html, string id, string name, string value, bool raw = false) =>
            html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td id=\"summary-").Append(id).Append("\">").Append(raw ? value : E(value)).Append("</td></tr>\n");

        private static string Runs(EvidenceRuns runs)
        {
            var batches = runs.Runs.Count(r => !r.Single);
            var singles = runs.Runs.Count(r => r.Single);
            var parts = new List<string>();
            if (batches > 0)
            {
                parts.Add(Quantity(batches, "batch run", "batch runs") + " (started or resumed)");
            }

            if (singles > 0)
            {
                parts.Add(Quantity(singles, "single command", "single commands") + " (erase or verify)");
            }

            if (runs.WithoutContext > 0)
            {
                parts.Add(Quantity(runs.WithoutContext, "run recorded", "runs recorded") + " no host or operator (an older version of the tool)");
            }

            return parts.Count == 0 ? "none" : string.Join("; ", parts);
        }

        private static string RowsText(EvidenceRuns runs, int reportRows)
        {
            var report = Quantity(reportRows, "row", "rows") + " in this report";
            if (runs.CsvRows is not int csv)
            {
                return report + "; no batch's CSV row count is recorded (single commands).";
            }

            // Every row of the CSV is listed, duplicates and rows never attempted included (a journal from an older version
            // recorded neither: those are the rows missing).
            var text = Quantity(csv, "row", "rows") + " in the CSV; " + report;
            var missing = csv - reportRows;
            if (missing > 0)
            {
                text += "; " + Quantity(missing, "row of the CSV has", "rows of the CSV have") + " no entry in the journal (written by an older version, which recorded only the rows it attempted)";
            }
            else if (missing == 0)
            {
                text += ": every row of the CSV is accounted for";
            }

            return text + ".";
        }

        private static string Integrity(Evidence evidence, string integrity)
        {
            var found = evidence.Integrity;
            var unreadable = found.CutLastLine != 0 ? 1 : 0;
            var text = E(char.ToUpperInvariant(integrity[0]) + integrity.Substring(1)) + ". " + E(Quantity(evidence.Entries, "entry", "entries") + " read");
            text += unreadable > 0 ? E("; " + Quantity(unreadable, "line", "lines") + " could not be read and " + (unreadable == 1 ? "was" : "were") + " passed over") : E("; no line was unreadable");
            if (evidence.Repaired > 0)
            {
                text += E("; " + Quantity(evidence.Repaired, "line", "lines") + " cut short by an interrupted run " + (evidence.Repaired == 1 ? "was" : "were") + " closed and marked by a later run");
            }

            text += ".";
            if (found.Digests.Count > 0)
            {
                // The last digest's time, as every time on the page: whole in print, and machine-readable.
                var at = found.Digests[^1].At;
                text = text.Replace(E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)), Time(at) + " UTC", StringComparison.Ordinal);
            }

            if (found.DescribeUncovered() is string uncovered)
            {
                text += " <strong class=\"uncovered\" id=\"uncovered\">" + E(uncovered) + ".</strong>";
            }
            else if (!found.Signed)
            {
                text += " <strong class=\"uncovered\" id=\"uncovered\">" + E("No entry is covered by a signature: whoever holds the journal's key file could have rewritten it.") + "</strong>";
            }

            return text;
        }

        private static string Quantity(int count, string one, string many) => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        /// <summary>A UTC time an auditor reads and a printer never breaks: <c>2026-12-01 07:35:54</c>.</summary>
        private static string Time(DateTimeOffset? time) => time == null
            ? string.Empty
            : "<time datetime=\"" + time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\">" + time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "</time>";

        private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

        /// <summary>Text as HTML whose times (as the page writes times) and plan ids are never cut at a line break.</summary>
        private static string Unbroken(string text) => System.Text.RegularExpressions.Regex.Replace(
            E(text),
            "(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})Z|plan-[0-9a-f]+",
            m => m.Groups[1].Success ? "<time datetime=\"" + m.Value + "\">" + m.Groups[1].Value + " " + m.Groups[2].Value + "</time>" : "<span class=\"nowrap id\">" + m.Value + "</span>");
    }
}
