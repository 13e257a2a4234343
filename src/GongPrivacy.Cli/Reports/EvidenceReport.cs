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
            ("sent, refused", "#6a1b9a", "The request was sent and Gong refused it (its status is in the row); Gong did not act on it."),
            ("failed", "#ad1457", "A lookup got no usable answer (a server error, or none)."),
            ("invalid", "#757575", "The CSV row holds no valid email address or phone number; nothing was sent."),
            ("duplicate", "#9e9e9e", "The same subject as an earlier row of the CSV; nothing was sent for this row."),
            ("not verified", "#1565c0", "Gong accepted the erase; no later lookup has confirmed it yet."),
            ("not sent", "#9e9d24", "The call began, but nothing of it left the tool."),
            ("not attempted", "#5d4037", "The batch stopped before this row; a resume sends it."),
            ("looked up", "#00838f", "The row was looked up (a lookup batch); nothing was erased."),
        };

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { DateParseHandling = DateParseHandling.None };

        /// <summary>The journal (its chain checked), its rows, and the summary of it, for the report.</summary>
        public static (JournalFile File, EvidenceRows Evidence, EvidenceSummary Summary) Load(string path, Func<string, string?> environment)
        {
            var file = Read(path, environment);
            var evidence = EvidenceRows.Read(file.Entries);
            return (file, evidence, EvidenceSummary.Of(file.Entries, file.Chain.CutLastLine != 0 ? 1 : 0, evidence.Rows));
        }

        /// <summary>Reads a journal without locking or changing it, and checks its chain (a broken one is the one error).</summary>
        public static JournalFile Read(string path, Func<string, string?> environment)
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Journal, "The journal " + path + " does not exist.");
            }

            return JournalFile.Read(path, environment, create: false);
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
        public static string Render(string format, string journalName, EvidenceRows evidence, EvidenceSummary summary, ChainState chain, DateTimeOffset generatedAt) => format switch
        {
            "csv" => Csv(journalName, evidence, chain, generatedAt),
            "json" => Json(journalName, evidence, chain, generatedAt),
            _ => EvidencePage.Html(journalName, evidence.Rows, summary, generatedAt, Facts(journalName, evidence, chain, generatedAt), evidence.AnySandbox),
        };

        /// <summary>What the journal says about itself, in the same words in every format.</summary>
        public static List<(string Name, string Value)> Facts(string journalName, EvidenceRows evidence, ChainState chain, DateTimeOffset generatedAt)
        {
            var hosts = evidence.Runs.Select(r => r.Target).Where(t => t != null).Distinct().ToList();
            var facts = new List<(string, string)>
            {
                ("journal", journalName),
                ("report written (UTC)", Time(generatedAt)),
                ("host", hosts.Count == 0 ? "not recorded (a journal from an older version)" : string.Join("; ", hosts)),
                ("sandbox", evidence.AnySandbox ? "YES: calls went to the embedded sandbox, a fake Gong; this is not evidence of erasure at Gong" : evidence.Runs.Any(r => r.Sandbox == false) ? "no: the calls went to Gong" : "not recorded"),
                ("tool version", string.Join("; ", evidence.Runs.Select(r => r.Version).Where(v => v != null).Distinct().DefaultIfEmpty("not recorded"))),
                ("runs", string.Join("; ", evidence.Runs.Select(r => (r.Id ?? "single erase") + " " + r.Event + " " + Time(r.At)))),
                ("time span (UTC)", Time(evidence.From) + " to " + Time(evidence.To)),
                ("rows", evidence.Rows.Count.ToString(CultureInfo.InvariantCulture) + (evidence.CsvRows is int csv && csv > evidence.Rows.Count(r => r.Line != null) ? " listed; the batch's CSV held " + csv.ToString(CultureInfo.InvariantCulture) + ": a journal from an older version does not list the rows it never attempted" : string.Empty)),
                ("chain head", chain.Chained == 0 ? "none: written before the journal was chained, so it cannot be checked" : chain.Head),
                ("chain", chain.Chained == 0 ? "not chained" : "verified: " + chain.Chained.ToString(CultureInfo.InvariantCulture) + " entries chained" + (chain.BeforeChain > 0 ? ", " + chain.BeforeChain.ToString(CultureInfo.InvariantCulture) + " older entries covered from the first link" : string.Empty) + (chain.Repaired.Count > 0 ? "; repaired: " + string.Join(", ", chain.Repaired.Select(l => "line " + l.ToString(CultureInfo.InvariantCulture) + " cut short by an interrupted run")) : string.Empty) + (chain.CutLastLine > 0 ? "; the last line (" + chain.CutLastLine.ToString(CultureInfo.InvariantCulture) + ") is cut short: a run stopped while writing it, or one is writing it now" : string.Empty)),
            };
            return facts;
        }

        /// <summary>The format of a report file from its extension, or a usage error.</summary>
        public static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".html" or ".htm" => "html",
            ".csv" => "csv",
            ".json" => "json",
            _ => throw new CliException(ExitCodes.Usage, "The evidence report's file name must end in .html, .csv or .json; " + Path.GetFileName(path) + " does not."),
        };

        private static string Csv(string journalName, EvidenceRows evidence, ChainState chain, DateTimeOffset generatedAt)
        {
            var csv = new StringBuilder();
            foreach (var (name, value) in Facts(journalName, evidence, chain, generatedAt))
            {
                csv.Append("# ").Append(name).Append(": ").Append(value.Replace('\n', ' ')).Append('\n');
            }

            csv.Append("line,kind,subject_masked,action,state,status,reason,requested_at,request_id,verified_at,verify_request_id,remaining,run\n");
            foreach (var r in evidence.Rows)
            {
                csv.Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Cell(r.Kind)).Append(',').Append(Cell(r.Subject)).Append(',').Append(Cell(r.Action)).Append(',')
                    .Append(Cell(r.State)).Append(',').Append(r.Status?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(r.Reason)).Append(',')
                    .Append(Time(r.RequestedAt)).Append(',').Append(Cell(r.RequestId)).Append(',')
                    .Append(Time(r.VerifiedAt)).Append(',').Append(Cell(r.VerifyRequestId)).Append(',')
                    .Append(Cell(Counts(r.Remaining))).Append(',').Append(Cell(r.Run)).Append('\n');
            }

            return csv.ToString();
        }

        private static string Json(string journalName, EvidenceRows evidence, ChainState chain, DateTimeOffset generatedAt)
        {
            var rows = evidence.Rows;
            var (count, median, max) = TimeToVerification(rows);
            var document = new JObject
            {
                ["journal"] = journalName,
                ["generatedAt"] = Time(generatedAt),
                ["facts"] = new JObject(Facts(journalName, evidence, chain, generatedAt).Select(f => new JProperty(f.Name, f.Value))),
                ["sandbox"] = evidence.AnySandbox,
                ["chain"] = new JObject { ["head"] = chain.Chained == 0 ? null : chain.Head, ["entries"] = chain.Chained, ["beforeChain"] = chain.BeforeChain, ["repairedLines"] = new JArray(chain.Repaired) },
                ["runs"] = new JArray(evidence.Runs.Select(r => new JObject { ["run"] = r.Id, ["event"] = r.Event, ["action"] = r.Action, ["at"] = Time(r.At), ["host"] = r.Target, ["sandbox"] = r.Sandbox, ["version"] = r.Version })),
                ["timeSpan"] = new JObject { ["from"] = Time(evidence.From), ["to"] = Time(evidence.To) },
                ["rows"] = rows.Count,
                ["totals"] = JObject.FromObject(Totals(rows)),
                ["timeToVerification"] = new JObject { ["verified"] = count, ["medianSeconds"] = median, ["maxSeconds"] = max },
                ["entries"] = new JArray(rows.Select(r => new JObject
                {
                    ["line"] = r.Line,
                    ["kind"] = r.Kind,
                    ["subject"] = r.Subject,
                    ["action"] = r.Action,
                    ["state"] = r.State,
                    ["finalState"] = r.FinalState,
                    ["status"] = r.Status,
                    ["reason"] = r.Reason,
                    ["requestedAt"] = Time(r.RequestedAt),
                    ["requestId"] = r.RequestId,
                    ["verifiedAt"] = Time(r.VerifiedAt),
                    ["verifyRequestId"] = r.VerifyRequestId,
                    ["remaining"] = r.Remaining == null ? null : JObject.FromObject(r.Remaining),
                    ["run"] = r.Run,
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
