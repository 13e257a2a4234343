using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Spectre.Console;

namespace GongPrivacy.Cli
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

        public static IReadOnlyList<(string Category, int Count)> Counts(DataForSubjectResponse data)
        {
            var counts = new List<(string, int)>
            {
                ("emails", data.Emails.Count),
                ("calls", data.Calls.Count),
                ("meetings", data.Meetings.Count),
                ("CRM records", data.CustomerData.Sum(c => Math.Max(1, c.Objects.Count))),
            };
            if (data is DataForEmailAddressResponse email)
            {
                counts.Add(("engagement events", email.CustomerEngagement.Count));
            }

            if (data is DataForPhoneNumberResponse phone)
            {
                counts.Add(("matching numbers", phone.MatchingPhoneNumbers.Count));
                counts.Add(("email addresses", phone.EmailAddresses.Count));
            }

            return counts;
        }

        public static Dictionary<string, int> CountMap(DataForSubjectResponse data) => Counts(data).ToDictionary(c => c.Category, c => c.Count);

        /// <summary>Every item, with personal data in the detail (the access-request report is for the subject).</summary>
        public static IEnumerable<ReportItem> Items(DataForSubjectResponse data, bool masked)
        {
            string M(string? text) => masked ? GongRedaction.Redact(text) : text ?? string.Empty;
            foreach (var e in data.Emails)
            {
                yield return new ReportItem("email", e.Id ?? "", e.SentTime, "from " + M(e.From) + " in mailbox " + M(e.Mailbox));
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

            if (data is DataForEmailAddressResponse email)
            {
                foreach (var e in email.CustomerEngagement)
                {
                    yield return new ReportItem("engagement", e.ContentId ?? e.SourceEventId ?? "", e.Timestamp, (e.EventType ?? "") + " " + M(e.EventName));
                }
            }
        }

        public static void RenderSummary(IAnsiConsole console, Subject subject, DataForSubjectResponse data, string target)
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

        /// <summary>The full answer, as JSON or CSV, for the data subject's access request.</summary>
        public static string Render(DataForSubjectResponse data, string format)
        {
            if (format == "csv")
            {
                var csv = new StringBuilder("category,id,when,detail\n");
                foreach (var item in Items(data, masked: false))
                {
                    csv.Append(Csv(item.Category)).Append(',').Append(Csv(item.Id)).Append(',')
                        .Append(item.When?.ToString("O", CultureInfo.InvariantCulture) ?? "").Append(',').Append(Csv(item.Detail)).Append('\n');
                }

                return csv.ToString();
            }

            return JsonConvert.SerializeObject(data, Json) + "\n";
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
}
