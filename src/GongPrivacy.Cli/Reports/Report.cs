using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using Newtonsoft.Json;
using Spectre.Console;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>One thing Gong holds that references a subject, for the summary and the CSV report.</summary>
    internal sealed record ReportItem(string Category, string Id, DateTimeOffset? When, string Detail);

    /// <summary>Renders a lookup: counts per category and the most recent items, and writes the access-request report.</summary>
    internal static class Report
    {
        private static readonly JsonSerializerSettings Json = new JsonSerializerSettings
        {
            Formatting = Formatting.Indented,
            NullValueHandling = NullValueHandling.Ignore,
            DateParseHandling = DateParseHandling.None,
        };

        public static IReadOnlyList<(string Category, int Count)> Counts(ISubjectReferences data)
        {
            var counts = new List<(string, int)>
            {
                ("emails", data.Emails.Count),
                ("calls", data.Calls.Count),
                ("meetings", data.Meetings.Count),
                ("CRM records", data.CustomerData.Sum(c => Math.Max(1, c.Objects.Count))),
            };
            if (data is EmailAddressReferences email)
            {
                counts.Add(("engagement events", email.CustomerEngagement.Count));
            }

            if (data is PhoneNumberReferences phone)
            {
                counts.Add(("matching numbers", phone.MatchingPhoneNumbers.Count));
                counts.Add(("email addresses", phone.EmailAddresses.Count));
            }

            return counts;
        }

        public static Dictionary<string, int> CountMap(ISubjectReferences data) => Counts(data).ToDictionary(c => c.Category, c => c.Count);

        /// <summary>The categories that hold something, in words: "2 emails, 1 call".</summary>
        public static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Where(c => c.Value > 0).Select(c => Words.Count(c.Value, c.Key)));

        /// <summary>Every item, with personal data in the detail (the access-request report is for the subject).</summary>
        public static IEnumerable<ReportItem> Items(ISubjectReferences data, bool masked)
        {
            string M(string? text) => masked ? GongRedaction.Redact(text) : text ?? string.Empty;
            foreach (var e in data.Emails)
            {
                yield return new ReportItem("email", e.Id ?? "", e.SentAt, "from " + M(e.From) + " in mailbox " + M(e.Mailbox));
            }

            foreach (var c in data.Calls)
            {
                yield return new ReportItem("call", c.Id ?? "", null, (c.Status ?? "") + " " + string.Join(" ", c.ExternalSystems.Select(s => s.System + ":" + string.Join("/", s.Objects.Select(o => o.ObjectType + " " + o.ExternalId)))));
            }

            foreach (var m in data.Meetings)
            {
                yield return new ReportItem("meeting", M(m.Id), null, "");
            }

            foreach (var c in data.CustomerData)
            {
                foreach (var o in c.Objects)
                {
                    yield return new ReportItem("crm", o.Id ?? "", null, c.System + " " + o.ObjectType + " " + o.ExternalId + " (" + o.Fields.Count + " fields)");
                }
            }

            if (data is EmailAddressReferences email)
            {
                foreach (var e in email.CustomerEngagement)
                {
                    yield return new ReportItem("engagement", e.ContentId ?? e.SourceEventId ?? "", e.Timestamp, (e.EventType ?? "") + " " + M(e.EventName));
                }
            }
        }

        public static void RenderSummary(IAnsiConsole console, Subject subject, ISubjectReferences data, string target)
        {
            console.MarkupLine($"Gong references to {subject.KindName} [bold]{Markup.Escape(subject.Masked)}[/] at {Markup.Escape(target)} (request id {Markup.Escape(data.RequestId ?? "none")})");
            var counts = new Table().AddColumn("category").AddColumn(new TableColumn("count").RightAligned());
            foreach (var (category, count) in Counts(data))
            {
                counts.AddRow(category, count.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(counts);
            var recent = Items(data, masked: true).Where(i => i.When.HasValue).OrderByDescending(i => i.When).Take(5).ToList();
            if (recent.Count > 0)
            {
                var table = new Table().Title("most recent").AddColumn("when (UTC)").AddColumn("category").AddColumn("id").AddColumn("detail");
                foreach (var item in recent)
                {
                    table.AddRow(item.When!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), item.Category, Markup.Escape(item.Id), Markup.Escape(item.Detail));
                }

                console.Write(table);
            }

            console.MarkupLine(data.IsEmpty ? "[green]Nothing references this subject.[/]" : $"{Counts(data).Sum(c => c.Count)} references in all.");
        }

        /// <summary>The full answer (its JSON tree, links' tokens already hidden unless asked for), as JSON or CSV, for the data subject's access request.</summary>
        public static string Render(Newtonsoft.Json.Linq.JObject tree, string format)
        {
            if (format == "csv")
            {
                // Complete: every value of the JSON report, one a line.
                return SubjectReport.Csv(tree);
            }

            return JsonConvert.SerializeObject(tree, Json) + "\n";
        }

        /// <summary>Writes the report readable by its owner only: it is the subject's personal data.</summary>
        public static void Write(string path, string content)
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                throw new CliException(ExitCodes.Usage, "The report's folder does not exist: " + folder + ".");
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, new UTF8Encoding(false), options);
            writer.Write(content);
        }

        private static string Csv(string value) => value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>
    /// A report file checked before anything is sent: its folder exists and is writable, it is not a folder, and an
    /// existing file is kept unless <c>--force</c>. The content goes to an owner-only temporary file in the same folder
    /// and replaces the target only when complete.
    /// </summary>
    internal sealed class ReportFile : IDisposable
    {
        private readonly string _temp;
        private readonly bool _force;
        private FileStream? _stream;

        private ReportFile(string path, string temp, FileStream stream, bool force)
        {
            Path = path;
            _temp = temp;
            _stream = stream;
            _force = force;
        }

        public string Path { get; }

        public static ReportFile Prepare(string path, bool force)
        {
            if (Directory.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, "The report path " + path + " is a folder; give a file name, such as " + System.IO.Path.Combine(path, "report.json") + ". Nothing was sent.");
            }

            var folder = System.IO.Path.GetDirectoryName(path) ?? ".";
            if (!Directory.Exists(folder))
            {
                throw new CliException(ExitCodes.Usage, "The report's folder does not exist: " + folder + ". Create it first; nothing was sent.");
            }

            if (File.Exists(path) && !force)
            {
                throw new CliException(ExitCodes.Usage, "The report " + path + " already exists; add --force to replace it, or choose another name. Nothing was sent.");
            }

            var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = AuditJournal.Private;
            }

            try
            {
                return new ReportFile(path, temp, new FileStream(temp, options), force);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw new CliException(ExitCodes.Usage, "The report's folder " + folder + " cannot be written (" + (ex is UnauthorizedAccessException ? "permission denied" : ex.GetType().Name) + "). Nothing was sent.");
            }
        }

        public void Commit(string content)
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            _stream!.Write(bytes, 0, bytes.Length);
            _stream.Flush(true);
            _stream.Dispose();
            _stream = null;
            try
            {
                File.Move(_temp, Path, overwrite: _force);
            }
            catch (IOException)
            {
                File.Delete(_temp);
                throw new CliException(ExitCodes.Usage, "The report " + Path + " appeared while the lookup ran; it was not replaced. Add --force to replace it.");
            }
        }

        public void Dispose()
        {
            if (_stream != null)
            {
                _stream.Dispose();
                _stream = null;
                File.Delete(_temp);
            }
        }
    }
}
