using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// <c>gong-privacy report</c>: renders the one <see cref="Evidence"/> of a journal as HTML (self-contained, printable),
    /// CSV or JSON. Each row's state prints the same in all three (<see cref="RowStates"/>), and the facts (host, sandbox,
    /// operator, …) are one list for all three. Only what the journal holds goes in, so no subject appears unmasked.
    /// </summary>
    internal static class EvidenceReport
    {
        /// <summary>The report in the format its file name asks for: <c>html</c>, <c>csv</c> or <c>json</c>.</summary>
        public static string Render(string format, string journalName, Evidence evidence, DateTimeOffset generatedAt) => format switch
        {
            "csv" => Csv(journalName, evidence, generatedAt),
            "json" => Json(journalName, evidence, generatedAt),
            _ => EvidencePage.Html(journalName, evidence, generatedAt),
        };

        /// <summary>What the journal says about itself, in the same words in every format.</summary>
        public static List<(string Name, string Value)> Facts(string journalName, Evidence evidence, DateTimeOffset generatedAt)
        {
            var runs = evidence.Runs;
            var integrity = evidence.Integrity;
            const string NotRecorded = "not recorded (a journal from an older version)";
            return new List<(string, string)>
            {
                ("journal", journalName),
                ("report written (UTC)", Time(generatedAt)),
                ("company", runs.Companies.Count == 0 ? "not recorded (set " + SubjectPageSettings.ControllerNameVariable + " when running)" : string.Join("; ", runs.Companies)),
                ("host", runs.Hosts.Count == 0 ? NotRecorded : string.Join("; ", runs.Hosts)),
                ("sandbox", runs.AnySandbox ? "YES: calls went to the embedded sandbox, a fake Gong; this is not evidence of erasure at Gong" : runs.Environments.Count > 0 ? "no: the calls went to Gong" : NotRecorded),
                ("operator", runs.Operators.Count == 0 ? NotRecorded : string.Join("; ", runs.Operators)),
                ("tool version", runs.Versions.Count == 0 ? NotRecorded : string.Join("; ", runs.Versions)),
                ("runs", string.Join("; ", runs.Runs.Select(r => (r.Id ?? "?") + " " + (r.Single ? "single " : "batch ") + (r.Action ?? "?") + (r.Resume ? " resumed" : string.Empty) + " " + Time(r.At)))),
                ("time span (UTC)", Time(runs.From) + " to " + Time(runs.To)),
                ("rows", evidence.Rows.Count.ToString(CultureInfo.InvariantCulture) + (runs.CsvRows is int csv && csv > evidence.Rows.Count(r => r.Line != null) ? " listed; the batch's CSV held " + csv.ToString(CultureInfo.InvariantCulture) + ": a journal from an older version does not list the rows it never attempted" : string.Empty)),
                ("journal head", integrity.Head.Length == 0 ? "none: nothing in this journal is signed or chained" : integrity.ShortHead + (integrity.Signed ? " (the SHA-256 of what the last digest signs, as 16 hex digits: keep it; 'gong-privacy journal verify --expect-head' checks a later copy reaches it)" : " (the last link of its 0.2.0 chain)")),
                ("integrity", integrity.Describe() + (integrity.CutLastLine > 0 ? "; the last line (" + integrity.CutLastLine.ToString(CultureInfo.InvariantCulture) + ") is cut short: a run stopped while writing it, or one is writing it now" : string.Empty)),
                ("not covered", integrity.DescribeUncovered() ?? (integrity.Signed ? "nothing: every entry is covered by a signed digest" : "everything: no entry is covered by a signature")),
            };
        }

        /// <summary>The format of a report file from its extension, or a usage error.</summary>
        public static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".html" or ".htm" => "html",
            ".csv" => "csv",
            ".json" => "json",
            _ => throw new CliException(ExitCodes.Usage, "The evidence report's file name must end in .html, .csv or .json; " + Path.GetFileName(path) + " does not."),
        };

        /// <summary>A span of seconds for a person: "2.4 s", "3.5 min", "26 h".</summary>
        internal static string Duration(double? seconds) => seconds switch
        {
            null => "none verified",
            < 120 => seconds.Value.ToString("0.#", CultureInfo.InvariantCulture) + " s",
            < 7200 => (seconds.Value / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
            _ => (seconds.Value / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        };

        /// <summary>Counts per category: "2 emails; 1 call".</summary>
        internal static string Counts(Dictionary<string, int>? counts, string separator = "; ") => counts == null ? string.Empty : string.Join(separator, counts.Select(c => Words.Count(c.Value, c.Key)));

        internal static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

        private static string Csv(string journalName, Evidence evidence, DateTimeOffset generatedAt)
        {
            var csv = new StringBuilder();
            foreach (var (name, value) in Facts(journalName, evidence, generatedAt))
            {
                csv.Append("# ").Append(name).Append(": ").Append(value.Replace('\n', ' ')).Append('\n');
            }

            csv.Append("line,kind,subject_masked,action,state,state_name,status,reason,requested_at,request_id,verified_at,verify_request_id,remaining,run,plan\n");
            foreach (var r in evidence.Rows)
            {
                csv.Append(r.Line?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Cell(r.Kind)).Append(',').Append(Cell(r.Subject)).Append(',').Append(Cell(r.Action)).Append(',')
                    .Append(Cell(r.Page)).Append(',').Append(Cell(r.State.Name())).Append(',').Append(r.Status?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(r.Reason)).Append(',')
                    .Append(Time(r.RequestedAt)).Append(',').Append(Cell(r.RequestId)).Append(',')
                    .Append(Time(r.VerifiedAt)).Append(',').Append(Cell(r.VerifyRequestId)).Append(',')
                    .Append(Cell(Counts(r.Remaining))).Append(',').Append(Cell(r.Run)).Append(',').Append(Cell(r.Plan.Text)).Append('\n');
            }

            return csv.ToString();
        }

        private static string Json(string journalName, Evidence evidence, DateTimeOffset generatedAt)
        {
            var rows = evidence.Rows;
            var integrity = evidence.Integrity;
            var (count, median, max) = evidence.TimeToVerification();
            var document = new JObject
            {
                ["journal"] = journalName,
                ["generatedAt"] = Time(generatedAt),
                ["facts"] = new JObject(Facts(journalName, evidence, generatedAt).Select(f => new JProperty(f.Name, f.Value))),
                ["sandbox"] = evidence.Runs.AnySandbox,
                ["integrity"] = new JObject
                {
                    ["signed"] = integrity.Signed,
                    ["chainedNotSigned"] = integrity.ChainedNotSigned,
                    ["entries"] = integrity.Entries,
                    ["coveredTo"] = integrity.CoveredTo,
                    ["uncovered"] = integrity.Uncovered is (long from, long to) ? new JObject { ["from"] = from, ["to"] = to } : null,
                    ["keyId"] = integrity.KeyId,
                    ["keySource"] = integrity.KeySource,
                    ["head"] = integrity.Head.Length == 0 ? null : integrity.Head,
                    ["shortHead"] = integrity.Head.Length == 0 ? null : integrity.ShortHead,
                    ["digests"] = new JArray(integrity.Digests.Select(d => new JObject { ["digest"] = d.Number, ["kind"] = d.Kind, ["run"] = d.Run, ["from"] = d.From, ["to"] = d.To, ["at"] = Time(d.At), ["key"] = d.Key })),
                    ["repairedLines"] = new JArray(integrity.Repaired),
                },
                ["runs"] = new JArray(evidence.Runs.Runs.Select(r => new JObject { ["run"] = r.Id, ["action"] = r.Action, ["single"] = r.Single, ["resume"] = r.Resume, ["at"] = Time(r.At), ["host"] = r.Host, ["sandbox"] = r.Sandbox, ["version"] = r.Version, ["operator"] = r.Operator, ["company"] = r.Company })),
                ["timeSpan"] = new JObject { ["from"] = Time(evidence.Runs.From), ["to"] = Time(evidence.Runs.To) },
                ["rows"] = rows.Count,
                ["totals"] = new JObject(RowStates.All.Select(i => new JProperty(i.Name, rows.Count(r => r.State == i.State)))),
                ["timeToVerification"] = new JObject { ["verified"] = count, ["medianSeconds"] = median, ["maxSeconds"] = max },
                ["entries"] = new JArray(rows.Select(r => new JObject
                {
                    ["line"] = r.Line,
                    ["kind"] = r.Kind,
                    ["subject"] = r.Subject,
                    ["action"] = r.Action,
                    ["state"] = r.Page,
                    ["stateName"] = r.State.Name(),
                    ["status"] = r.Status,
                    ["reason"] = r.Reason,
                    ["requestedAt"] = Time(r.RequestedAt),
                    ["requestId"] = r.RequestId,
                    ["verifiedAt"] = Time(r.VerifiedAt),
                    ["verifyRequestId"] = r.VerifyRequestId,
                    ["remaining"] = r.Remaining == null ? null : JObject.FromObject(r.Remaining),
                    ["run"] = r.Run,
                    ["plan"] = new JObject
                    {
                        ["id"] = r.Plan.Id,
                        ["flags"] = new JArray(r.Plan.Flags),
                        ["approvals"] = new JArray(r.Plan.Approvals.Select(a => new JObject { ["flag"] = a.Flag, ["operator"] = a.Operator, ["at"] = Time(a.At) })),
                        ["text"] = r.Plan.Text,
                    },
                })),
            };
            return document.ToString(Formatting.Indented) + "\n";
        }

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
