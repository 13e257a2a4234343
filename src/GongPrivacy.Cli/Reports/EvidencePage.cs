using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// The evidence for an auditor as one self-contained HTML page: a summary of the facts asked first, the final
    /// states (a bar, and a table of only the states that occur, each with its count and meaning, so colour is never
    /// the only carrier), then every row. It prints on A4 and Letter: times and IDs never break, the table's header
    /// repeats on every page, and a row is never cut.
    /// </summary>
    internal static class EvidencePage
    {
        private const string NotRecorded = "not recorded in this journal";

        private const string Style =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans',Arial,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#1b1b1b;background:#fff;line-height:1.4}"
            + "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #555;padding-bottom:.1em}"
            + "table{border-collapse:collapse;width:100%;margin:.5em 0}caption{text-align:left;font-weight:600;padding-bottom:.2em}th,td{border:1px solid #767676;padding:.25em .5em;text-align:left;vertical-align:top}"
            + "thead th{background:#e8e8e8}table.summary th{width:13em;background:#f3f3f3}.number{text-align:right}"
            + ".bar{display:flex;height:1.6em;border:1px solid #1b1b1b;margin:.6em 0}.bar div{height:100%}"
            + ".swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.4em;border:1px solid #1b1b1b}"
            + ".bar div,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
            + ".nowrap,time{white-space:nowrap}.id,#summary-chain-head{font-family:'DejaVu Sans Mono','Liberation Mono',Consolas,monospace;font-size:.92em}.rows{font-size:.92em}.detail{display:block;font-size:.9em}"
            + "h1,h2,caption{break-after:avoid;page-break-after:avoid}tr,.bar,table.summary,table.states{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
            + "@page{margin:14mm 12mm}@media print{body{margin:0;max-width:none;padding:0;font-size:9.5pt}.rows{font-size:.9em}.rows td,.rows th{padding:.2em .35em}}";

        /// <summary>The page.</summary>
        public static string Html(string journalName, IReadOnlyList<EvidenceRow> rows, EvidenceSummary summary, DateTimeOffset generatedAt, IReadOnlyList<(string Name, string Value)> facts, bool sandbox)
        {
            var totals = EvidenceReport.Totals(rows);
            var occurring = EvidenceReport.States.Where(s => totals[s.State] > 0).ToList();
            var (count, median, max) = EvidenceReport.TimeToVerification(rows);
            var html = new StringBuilder(8192 + (rows.Count * 480));
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Erasure evidence: ")
                .Append(E(journalName)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
            html.Append("<h1>Erasure evidence</h1>\n<p>From the audit journal <code>").Append(E(journalName)).Append("</code>. Subjects are masked: the journal holds no email address or phone number in full. All times are UTC.</p>\n");
            if (sandbox)
            {
                html.Append("<p class=\"sandbox\" id=\"sandbox\"><b>Sandbox:</b> these calls went to the embedded sandbox, a fake Gong. This is not evidence of erasure at Gong.</p>\n");
            }


            html.Append("<table class=\"summary\" id=\"summary\">\n<caption>Summary</caption>\n<tbody>\n");
            Row(html, "company", "Company", List(summary.Companies) ?? NotRecorded + " (set " + SubjectPageSettings.ControllerNameVariable + " when running a batch)");
            Row(html, "host", "Gong host", List(summary.Hosts) ?? NotRecorded);
            Row(html, "environment", "Sandbox or production", summary.Environments.Count == 0 ? NotRecorded : string.Join(" and ", summary.Environments.Select(e => e == "sandbox" ? "Sandbox (the tool's embedded fake Gong: nothing real was erased)" : "Production (a real Gong tenant)")));
            Row(html, "operator", "Operator (user name)", List(summary.Operators) ?? NotRecorded);
            Row(html, "time-span", "Time span", summary.From == null ? "no entries" : Time(summary.From) + " to " + Time(summary.To) + " (" + EvidenceReport.Duration((summary.To!.Value - summary.From.Value).TotalSeconds) + ")", raw: true);
            Row(html, "runs", "Runs", Runs(summary));
            Row(html, "rows", "Rows", RowsText(summary));
            Row(html, "integrity", "Journal integrity", Integrity(summary, facts.FirstOrDefault(f => f.Name == "chain").Value));
            Row(html, "generated-at", "Report written", Time(generatedAt), raw: true);
            foreach (var (name, value) in facts.Where(f => f.Name is "tool version" or "chain head"))
            {
                Row(html, name.Replace(' ', '-'), char.ToUpperInvariant(name[0]) + name.Substring(1), value);
            }
            html.Append("</tbody>\n</table>\n");

            html.Append("<h2>Final states</h2>\n<div class=\"bar\" role=\"img\" aria-label=\"Final states: ").Append(E(string.Join(", ", occurring.Select(s => totals[s.State].ToString(CultureInfo.InvariantCulture) + " " + s.State)))).Append("\">");
            foreach (var (state, colour, _) in occurring)
            {
                html.Append("<div style=\"width:").Append((100.0 * totals[state] / Math.Max(1, rows.Count)).ToString("0.###", CultureInfo.InvariantCulture)).Append("%;background:").Append(colour).Append("\"></div>");
            }

            html.Append("</div>\n<table class=\"states\">\n<thead><tr><th scope=\"col\">Final state</th><th scope=\"col\" class=\"number\">Rows</th><th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n");
            foreach (var (state, colour, meaning) in occurring)
            {
                html.Append("<tr><th scope=\"row\" class=\"nowrap\"><span class=\"swatch\" style=\"background:").Append(colour).Append("\"></span>").Append(E(state)).Append("</th><td class=\"number\" id=\"total-").Append(state.Replace(", ", "-").Replace(' ', '-')).Append("\">")
                    .Append(totals[state].ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(meaning)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n<p>Time from the erase request to its verification (").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" verified): median <b id=\"median\">")
                .Append(E(EvidenceReport.Duration(median))).Append("</b>, maximum <b id=\"max\">").Append(E(EvidenceReport.Duration(max))).Append("</b>.</p>\n");

            html.Append("<h2>Every row</h2>\n<table class=\"rows\">\n<thead><tr><th scope=\"col\" class=\"number\">Line</th><th scope=\"col\">Subject (masked)</th><th scope=\"col\">Request, outcome</th><th scope=\"col\">Requested (UTC)</th><th scope=\"col\">Gong request ID</th><th scope=\"col\">Verified (UTC)</th><th scope=\"col\">Final state</th></tr></thead>\n<tbody>\n");
            foreach (var r in rows)
            {
                var colour = EvidenceReport.States.FirstOrDefault(s => s.State == r.FinalState).Colour ?? "#000";
                var request = r.Action ?? string.Empty;
                html.Append("<tr><td class=\"number\">").Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"nowrap\">").Append(E(r.Subject)).Append("</td><td class=\"nowrap\">").Append(E(request))
                    .Append("</td><td>").Append(Time(r.RequestedAt)).Append("</td><td class=\"nowrap id\">").Append(E(r.RequestId))
                    .Append("</td><td>").Append(Time(r.VerifiedAt)).Append("</td><td data-state=\"").Append(E(r.FinalState)).Append("\"><span class=\"nowrap\"><span class=\"swatch\" style=\"background:").Append(colour).Append("\"></span>")
                    .Append(E(r.State)).Append("</span>").Append("<span class=\"detail\">" + E(r.Reason) + "</span>").Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
            return html.ToString();
        }

        private static void Row(StringBuilder html, string id, string name, string value, bool raw = false) =>
            html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td id=\"summary-").Append(id).Append("\">").Append(raw ? value : E(value)).Append("</td></tr>\n");

        private static string Runs(EvidenceSummary summary)
        {
            var parts = new List<string>();
            if (summary.Runs > 0)
            {
                parts.Add(Quantity(summary.Runs, "batch run", "batch runs") + " (started or resumed)" + (summary.RunsWithoutContext > 0 ? "; " + summary.RunsWithoutContext.ToString(CultureInfo.InvariantCulture) + " of them recorded no host or operator (an older version of the tool)" : string.Empty));
            }

            if (summary.SingleErases > 0)
            {
                parts.Add(Quantity(summary.SingleErases, "single erase command", "single erase commands") + " (they record no host or operator)");
            }

            return parts.Count == 0 ? "none" : string.Join("; ", parts);
        }

        private static string RowsText(EvidenceSummary summary)
        {
            var report = Quantity(summary.ReportRows, "row", "rows") + " in this report";
            if (summary.CsvRows is not int csv)
            {
                return report + "; the CSV's row count is " + NotRecorded + ".";
            }

            // Every row of the CSV is listed, duplicates and rows never attempted included (a journal from an older version
            // recorded neither: those are the rows missing).
            var text = Quantity(csv, "row", "rows") + " in the CSV; " + report;
            var missing = csv - summary.ReportRows;
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

        private static string Integrity(EvidenceSummary summary, string? chain)
        {
            var checkedText = chain == null || chain == "not chained"
                ? "Not checked: this journal carries no integrity chain, so a change to it after it was written cannot be detected. "
                : "Hash chain " + chain + ". ";
            var text = checkedText + Quantity(summary.Entries, "entry", "entries") + " read";
            text += summary.Unreadable > 0 ? "; " + Quantity(summary.Unreadable, "line", "lines") + " could not be read and " + (summary.Unreadable == 1 ? "was" : "were") + " passed over" : "; no line was unreadable";
            if (summary.Repaired > 0)
            {
                text += "; " + Quantity(summary.Repaired, "line", "lines") + " cut short by an interrupted run " + (summary.Repaired == 1 ? "was" : "were") + " closed and marked by a later run";
            }

            return text + ".";
        }

        private static string? List(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(", ", values);

        private static string Quantity(int count, string one, string many) => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        /// <summary>A UTC time an auditor reads and a printer never breaks: <c>2026-12-01 07:35:54</c>.</summary>
        private static string Time(DateTimeOffset? time) => time == null
            ? string.Empty
            : "<time datetime=\"" + time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\">" + time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "</time>";

        private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
    }
}
