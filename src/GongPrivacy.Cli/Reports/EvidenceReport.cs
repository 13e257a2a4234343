using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>One row of the evidence report. It holds the masked subject only.</summary>
    internal sealed class EvidenceRow
    {
        public int? Line { get; set; }

        public string? Kind { get; set; }

        public string? Subject { get; set; }

        public string? Action { get; set; }

        public DateTimeOffset? RequestedAt { get; set; }

        public string? RequestId { get; set; }

        public string Outcome { get; set; } = "";

        public DateTimeOffset? VerifiedAt { get; set; }

        public string? VerifyRequestId { get; set; }

        public Dictionary<string, int>? Remaining { get; set; }

        public string FinalState { get; set; } = "";
    }

    /// <summary>
    /// <c>gong-privacy report</c>: turns a journal into evidence for an auditor, as HTML (self-contained, printable, the
    /// states drawn as coloured bars above the table), CSV or JSON. Only what the journal holds goes in, so no subject
    /// appears unmasked.
    /// </summary>
    internal static class EvidenceReport
    {
        /// <summary>The final states, in the order the report shows them, with their colours.</summary>
        public static readonly (string State, string Colour)[] States =
        {
            ("verified", "#2e7d32"),
            ("remaining", "#c62828"),
            ("in doubt", "#ef6c00"),
            ("failed", "#6a1b9a"),
            ("invalid", "#757575"),
            ("not verified", "#1565c0"),
            ("not sent", "#9e9d24"),
            ("looked up", "#00838f"),
        };

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        /// <summary>Reads a journal without locking or changing it, and checks its chain (a broken one is the one error).</summary>
        public static JournalFile Read(string path, Func<string, string?> environment)
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + path + " does not exist.");
            }

            return JournalFile.Read(path, environment, create: false);
        }

        /// <summary>One row per subject (and per invalid line), in line order.</summary>
        public static List<EvidenceRow> Rows(IReadOnlyList<JournalEntry> entries)
        {
            var rows = new Dictionary<string, EvidenceRow>(StringComparer.Ordinal);
            var order = new List<EvidenceRow>();
            var invalid = new Dictionary<int, EvidenceRow>();
            var legacy = entries.Count > 0 && !entries.Any(e => e.KeyId != null);
            var batchEntries = entries.Where(e => e.Action != VerifyEvents.Action).ToList();
            var states = RowStatus.ReplayAll(batchEntries.Where(e => e.Event != JournalEvents.Duplicate && e.Event != JournalEvents.DryRun && e.Event != JournalEvents.Declined), legacy, erase: true);
            foreach (var e in entries)
            {
                if (e.Event == JournalEvents.Invalid && e.Line is int bad)
                {
                    if (!invalid.ContainsKey(bad))
                    {
                        invalid[bad] = new EvidenceRow { Line = bad, Outcome = "invalid", FinalState = "invalid", RequestedAt = e.Timestamp };
                        order.Add(invalid[bad]);
                    }

                    continue;
                }

                if (e.Key == null || e.Event == JournalEvents.Duplicate || e.Event == JournalEvents.DryRun || e.Event == JournalEvents.Declined)
                {
                    continue;
                }

                if (!rows.TryGetValue(e.Key, out var row))
                {
                    row = new EvidenceRow();
                    rows[e.Key] = row;
                    order.Add(row);
                }

                row.Line ??= e.Line;
                row.Kind ??= e.Kind;
                row.Subject ??= e.Subject;
                if (e.Action != VerifyEvents.Action)
                {
                    row.Action = e.Action ?? row.Action;
                    switch (e.Event)
                    {
                        case JournalEvents.Start:
                            row.RequestedAt = e.Timestamp;
                            break;
                        case JournalEvents.Done:
                            row.RequestId = e.RequestId ?? row.RequestId;
                            row.Outcome = e.Outcome ?? "done";
                            break;
                        case JournalEvents.Answered:
                        case JournalEvents.Failed:
                        case JournalEvents.InDoubt:
                            row.RequestId = e.RequestId ?? row.RequestId;
                            break;
                    }

                    continue;
                }

                switch (e.Event)
                {
                    case VerifyEvents.Verified:
                        row.VerifiedAt = e.Timestamp;
                        row.VerifyRequestId = e.RequestId;
                        row.Remaining = null;
                        break;
                    case VerifyEvents.Remaining when row.VerifiedAt == null:
                        row.Remaining = e.Counts;
                        row.VerifyRequestId = e.RequestId;
                        break;
                }
            }

            foreach (var pair in rows)
            {
                var row = pair.Value;
                var state = states.TryGetValue(pair.Key, out var s) ? s.State : RowState.Pending;
                row.Outcome = state switch
                {
                    RowState.Done => row.Outcome.Length > 0 ? row.Outcome : "done",
                    RowState.InDoubt => "in doubt",
                    RowState.Failed => "failed",
                    _ => "not sent",
                };
                row.FinalState =
                    row.VerifiedAt != null ? "verified"
                    : row.Remaining != null ? "remaining"
                    : state == RowState.InDoubt ? "in doubt"
                    : state == RowState.Failed ? "failed"
                    : state != RowState.Done ? "not sent"
                    : row.Action == "erase" ? "not verified"
                    : "looked up";
            }

            return order.OrderBy(r => r.Line ?? int.MaxValue).ToList();
        }

        /// <summary>Rows per final state, every state listed.</summary>
        public static Dictionary<string, int> Totals(IEnumerable<EvidenceRow> rows)
        {
            var totals = States.ToDictionary(s => s.State, _ => 0, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                totals[row.FinalState] = totals.GetValueOrDefault(row.FinalState) + 1;
            }

            return totals;
        }

        /// <summary>Seconds from request to verification: how many, median and maximum.</summary>
        public static (int Count, double? Median, double? Max) TimeToVerification(IEnumerable<EvidenceRow> rows)
        {
            var spans = rows.Where(r => r.VerifiedAt != null && r.RequestedAt != null).Select(r => (r.VerifiedAt!.Value - r.RequestedAt!.Value).TotalSeconds).OrderBy(s => s).ToList();
            if (spans.Count == 0)
            {
                return (0, null, null);
            }

            var median = spans.Count % 2 == 1 ? spans[spans.Count / 2] : (spans[(spans.Count / 2) - 1] + spans[spans.Count / 2]) / 2;
            return (spans.Count, median, spans[^1]);
        }

        /// <summary>The report in the format its file name asks for: <c>.html</c>, <c>.csv</c> or <c>.json</c>.</summary>
        public static string Render(string format, string journalName, IReadOnlyList<EvidenceRow> rows, DateTimeOffset generatedAt) => format switch
        {
            "csv" => Csv(rows),
            "json" => Json(journalName, rows, generatedAt),
            _ => Html(journalName, rows, generatedAt),
        };

        /// <summary>The format of a report file from its extension, or a usage error.</summary>
        public static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".html" or ".htm" => "html",
            ".csv" => "csv",
            ".json" => "json",
            _ => throw new CliException(ExitCodes.Usage, "The evidence report's file name must end in .html, .csv or .json; " + Path.GetFileName(path) + " does not."),
        };

        private static string Csv(IReadOnlyList<EvidenceRow> rows)
        {
            var csv = new StringBuilder("line,kind,subject_masked,action,requested_at,request_id,outcome,verified_at,verify_request_id,final_state,remaining\n");
            foreach (var r in rows)
            {
                csv.Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Cell(r.Kind)).Append(',').Append(Cell(r.Subject)).Append(',').Append(Cell(r.Action)).Append(',')
                    .Append(Time(r.RequestedAt)).Append(',').Append(Cell(r.RequestId)).Append(',').Append(Cell(r.Outcome)).Append(',')
                    .Append(Time(r.VerifiedAt)).Append(',').Append(Cell(r.VerifyRequestId)).Append(',').Append(Cell(r.FinalState)).Append(',')
                    .Append(Cell(Counts(r.Remaining))).Append('\n');
            }

            return csv.ToString();
        }

        private static string Json(string journalName, IReadOnlyList<EvidenceRow> rows, DateTimeOffset generatedAt)
        {
            var (count, median, max) = TimeToVerification(rows);
            var document = new JObject
            {
                ["journal"] = journalName,
                ["generatedAt"] = Time(generatedAt),
                ["rows"] = rows.Count,
                ["totals"] = JObject.FromObject(Totals(rows)),
                ["timeToVerification"] = new JObject { ["verified"] = count, ["medianSeconds"] = median, ["maxSeconds"] = max },
                ["entries"] = new JArray(rows.Select(r => new JObject
                {
                    ["line"] = r.Line,
                    ["kind"] = r.Kind,
                    ["subject"] = r.Subject,
                    ["action"] = r.Action,
                    ["requestedAt"] = Time(r.RequestedAt),
                    ["requestId"] = r.RequestId,
                    ["outcome"] = r.Outcome,
                    ["verifiedAt"] = Time(r.VerifiedAt),
                    ["verifyRequestId"] = r.VerifyRequestId,
                    ["finalState"] = r.FinalState,
                    ["remaining"] = r.Remaining == null ? null : JObject.FromObject(r.Remaining),
                })),
            };
            return document.ToString(Formatting.Indented) + "\n";
        }

        private static string Html(string journalName, IReadOnlyList<EvidenceRow> rows, DateTimeOffset generatedAt)
        {
            var totals = Totals(rows);
            var (count, median, max) = TimeToVerification(rows);
            var html = new StringBuilder(4096 + (rows.Count * 420));
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Erasure evidence: ").Append(E(journalName)).Append("</title>\n<style>\n")
                .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#222}h1{font-size:1.5em}")
                .Append(".bar{display:flex;height:2.2em;border:1px solid #444;margin:1em 0}.bar div{height:100%;-webkit-print-color-adjust:exact;print-color-adjust:exact}")
                .Append(".legend span{display:inline-block;margin-right:1.5em}.swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-right:.3em;border:1px solid #444;-webkit-print-color-adjust:exact;print-color-adjust:exact}")
                .Append("table{border-collapse:collapse;width:100%;font-size:.9em;margin-top:1em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left}th{background:#eee}")
                .Append("@media print{body{margin:0}thead{display:table-header-group}tr{page-break-inside:avoid}}\n</style>\n</head>\n<body>\n");
            html.Append("<h1>Erasure evidence</h1>\n<p>Journal <code>").Append(E(journalName)).Append("</code>, report written ").Append(E(Time(generatedAt))).Append(" (UTC). ")
                .Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append(" rows. Subjects are masked; the journal holds no subject unmasked.</p>\n");
            html.Append("<div class=\"bar\" role=\"img\" aria-label=\"final states\">");
            foreach (var (state, colour) in States.Where(s => totals[s.State] > 0))
            {
                html.Append("<div style=\"width:").Append((100.0 * totals[state] / Math.Max(1, rows.Count)).ToString("0.###", CultureInfo.InvariantCulture)).Append("%;background:").Append(colour)
                    .Append("\" title=\"").Append(E(state)).Append(": ").Append(totals[state].ToString(CultureInfo.InvariantCulture)).Append("\"></div>");
            }

            html.Append("</div>\n<p class=\"legend\">");
            foreach (var (state, colour) in States)
            {
                html.Append("<span><span class=\"swatch\" style=\"background:").Append(colour).Append("\"></span>").Append(E(state)).Append(": <b id=\"total-").Append(state.Replace(' ', '-')).Append("\">")
                    .Append(totals[state].ToString(CultureInfo.InvariantCulture)).Append("</b></span>");
            }

            html.Append("</p>\n<p>Time from request to verification (").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" verified): median <b id=\"median\">")
                .Append(E(Duration(median))).Append("</b>, maximum <b id=\"max\">").Append(E(Duration(max))).Append("</b>.</p>\n");
            html.Append("<table>\n<thead><tr><th>line</th><th>subject (masked)</th><th>action</th><th>requested at (UTC)</th><th>Gong request id</th><th>outcome</th><th>verified at (UTC)</th><th>final state</th></tr></thead>\n<tbody>\n");
            foreach (var r in rows)
            {
                var colour = States.FirstOrDefault(s => s.State == r.FinalState).Colour ?? "#000";
                html.Append("<tr><td>").Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E((r.Kind + " " + r.Subject).Trim())).Append("</td><td>").Append(E(r.Action))
                    .Append("</td><td>").Append(E(Time(r.RequestedAt))).Append("</td><td>").Append(E(r.RequestId)).Append("</td><td>").Append(E(r.Outcome))
                    .Append("</td><td>").Append(E(Time(r.VerifiedAt))).Append("</td><td data-state=\"").Append(E(r.FinalState)).Append("\"><span class=\"swatch\" style=\"background:").Append(colour).Append("\"></span>")
                    .Append(E(r.FinalState)).Append(r.Remaining == null ? string.Empty : " (" + E(Counts(r.Remaining)) + ")").Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</body>\n</html>\n");
            return html.ToString();
        }

        private static string Duration(double? seconds) => seconds switch
        {
            null => "none verified",
            < 120 => seconds.Value.ToString("0.#", CultureInfo.InvariantCulture) + " s",
            < 7200 => (seconds.Value / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
            _ => (seconds.Value / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        };

        private static string Counts(Dictionary<string, int>? counts) => counts == null ? string.Empty : string.Join("; ", counts.Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));

        private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

        private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

        private static string Cell(string? value)
        {
            var text = value ?? string.Empty;
            if (text.Length > 0 && "=+-@".IndexOf(text[0]) >= 0)
            {
                // A spreadsheet would run a cell that starts like a formula.
                text = "'" + text;
            }

            return text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }
    }
}
