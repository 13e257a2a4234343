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
        /// <summary>The final states, in the order the report shows them, with their colours and what each means.</summary>
        public static readonly (string State, string Colour, string Meaning)[] States =
        {
            ("verified", "#2e7d32", "Gong accepted the erase, and a later lookup found nothing left."),
            ("remaining", "#c62828", "Gong accepted the erase, but a later lookup still found data (counted in the row)."),
            ("in doubt", "#ef6c00", "The erase was sent but no answer came back: Gong may or may not have it."),
            ("failed", "#6a1b9a", "Gong answered with an error, or the request could not be sent; nothing was erased."),
            ("invalid", "#757575", "The CSV row holds no valid email address or phone number; nothing was sent."),
            ("not verified", "#1565c0", "Gong accepted the erase; no later lookup has confirmed it yet."),
            ("not sent", "#9e9d24", "No request was sent for this row."),
            ("looked up", "#00838f", "The row was looked up (a lookup batch); nothing was erased."),
        };

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        /// <summary>Reads a journal without locking or changing it; damaged lines (a cut last line) are passed over.</summary>
        public static List<JournalEntry> Read(string path) => Read(path, out _);

        /// <summary>The journal's rows and the summary of it, for the report.</summary>
        public static (List<EvidenceRow> Rows, EvidenceSummary Summary) Load(string path)
        {
            var entries = Read(path, out var unreadable);
            var rows = Rows(entries);
            return (rows, EvidenceSummary.Of(entries, unreadable, rows));
        }

        /// <summary>Reads a journal, and counts the lines that could not be read.</summary>
        public static List<JournalEntry> Read(string path, out int unreadable)
        {
            unreadable = 0;
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + path + " does not exist.");
            }

            var entries = new List<JournalEntry>();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    var entry = JsonConvert.DeserializeObject<JournalEntry>(line, Settings);
                    if (entry != null && entry.Event.Length > 0)
                    {
                        entries.Add(entry);
                        continue;
                    }
                }
                catch (JsonException)
                {
                }

                unreadable++;
            }

            return entries;
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
        public static string Render(string format, string journalName, IReadOnlyList<EvidenceRow> rows, EvidenceSummary summary, DateTimeOffset generatedAt) => format switch
        {
            "csv" => Csv(rows),
            "json" => Json(journalName, rows, generatedAt),
            _ => EvidencePage.Html(journalName, rows, summary, generatedAt),
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

        /// <summary>A span of seconds for a person: "2.4 s", "3.5 min", "26 h".</summary>
        internal static string Duration(double? seconds) => seconds switch
        {
            null => "none verified",
            < 120 => seconds.Value.ToString("0.#", CultureInfo.InvariantCulture) + " s",
            < 7200 => (seconds.Value / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
            _ => (seconds.Value / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        };

        /// <summary>Counts per category: "2 emails; 1 calls".</summary>
        internal static string Counts(Dictionary<string, int>? counts) => counts == null ? string.Empty : string.Join("; ", counts.Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));

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
