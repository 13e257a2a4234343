using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// The access report for the data subject: everything Gong returned, unmasked, as a self-contained HTML page a
    /// person who is not an engineer can read, or as a complete CSV (every field of the JSON, one value a line). Both
    /// are built from the JSON the lookup returned, so a field Gong adds tomorrow appears without a change here.
    /// </summary>
    internal static class SubjectReport
    {
        /// <summary>The notice that opens the HTML page: in its second line (a comment) and its first paragraph.</summary>
        public const string Notice = "This report shows the personal data Gong holds about this person, unmasked. It is for the person it describes: keep it private and send it to them only.";

        private static readonly (string Property, string Title, string Singular, string Explanation)[] Sections =
        {
            ("emails", "Emails", "Email", "Email messages Gong recorded that were sent by or to you."),
            ("calls", "Calls", "Call", "Recorded calls you took part in, and the records other systems keep about them."),
            ("meetings", "Meetings", "Meeting", "Calendar meetings you were invited to."),
            ("customerData", "CRM records", "CRM system", "Records about you in the customer-relationship (CRM) systems connected to Gong, with every field and value."),
            ("customerEngagement", "Engagement events", "Event", "Times you viewed or interacted with content shared through Gong."),
        };

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore, DateParseHandling = DateParseHandling.None };

        /// <summary>The lookup as a JSON tree, exactly as the JSON report writes it.</summary>
        public static JObject Tree(ISubjectReferences data) =>
            JsonConvert.DeserializeObject<JObject>(JsonConvert.SerializeObject(data, Settings), Settings) ?? new JObject();

        /// <summary>Every value of the JSON, one a line: <c>category,item,field,value</c>.</summary>
        public static string Csv(ISubjectReferences data)
        {
            var csv = new StringBuilder("category,item,field,value\n");
            foreach (var property in Tree(data).Properties())
            {
                var section = Sections.FirstOrDefault(s => s.Property == property.Name);
                if (section.Property != null && property.Value is JArray items)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        foreach (var (path, value) in Leaves(items[i], string.Empty))
                        {
                            csv.Append(Cell(property.Name)).Append(',').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(path)).Append(',').Append(Cell(value)).Append('\n');
                        }
                    }

                    continue;
                }

                foreach (var (path, value) in Leaves(property.Value, property.Name))
                {
                    csv.Append("lookup,,").Append(Cell(path)).Append(',').Append(Cell(value)).Append('\n');
                }
            }

            return csv.ToString();
        }

        /// <summary>The page for the person: what Gong holds, section by section, with every field.</summary>
        public static string Html(Subject subject, ISubjectReferences data, string target, DateTimeOffset lookedUpAt)
        {
            var tree = Tree(data);
            var html = new StringBuilder(8192);
            html.Append("<!DOCTYPE html>\n<!-- ").Append(E(Notice)).Append(" -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Your data held by Gong</title>\n<style>\n")
                .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.45}")
                .Append(".notice{border:2px solid #c62828;background:#fdecea;padding:.75em 1em;font-weight:bold}")
                .Append("section{margin-top:2em}h2{border-bottom:1px solid #bbb;padding-bottom:.2em}.item{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:.75em 0;page-break-inside:avoid}")
                .Append("dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.3em 0}dt{font-weight:600;color:#444}dd{margin:0;word-break:break-all}")
                .Append("ul{margin:.2em 0;padding-left:1.2em}.empty{color:#666;font-style:italic}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .6em;text-align:left}")
                .Append("@media print{body{margin:0}}\n</style>\n</head>\n<body>\n");
            html.Append("<p class=\"notice\" id=\"notice\">").Append(E(Notice)).Append("</p>\n");
            html.Append("<h1>What Gong holds about ").Append(E(subject.Value)).Append("</h1>\n");
            html.Append("<p>Gong is a service that records and analyses sales calls, emails and meetings. We asked it for everything it holds that mentions your ")
                .Append(subject.Kind == SubjectKind.Email ? "email address" : "phone number").Append(". This page lists all of it.</p>\n");
            html.Append("<table>\n<tr><th>Looked up for</th><td id=\"subject\">").Append(E(subject.Value)).Append("</td></tr>\n<tr><th>Time of the lookup</th><td id=\"looked-up-at\">")
                .Append(E(lookedUpAt.UtcDateTime.ToString("d MMMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append("</td></tr>\n<tr><th>Gong's reference for this request</th><td id=\"request-id\">")
                .Append(E(data.RequestId)).Append("</td></tr>\n<tr><th>Asked at</th><td>").Append(E(target)).Append("</td></tr>\n");
            foreach (var (category, count) in Report.Counts(data))
            {
                html.Append("<tr><th>").Append(E(Capital(category))).Append("</th><td>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
            foreach (var section in Sections)
            {
                if (section.Property == "customerEngagement" && data is not EmailAddressReferences)
                {
                    continue;
                }

                var items = tree[section.Property] as JArray ?? new JArray();
                html.Append("<section id=\"").Append(section.Property).Append("\">\n<h2>").Append(E(section.Title)).Append(" (").Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n<p>")
                    .Append(E(section.Explanation)).Append("</p>\n");
                if (items.Count == 0)
                {
                    html.Append("<p class=\"empty\">Gong holds none.</p>\n");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    html.Append("<div class=\"item\"><h3>").Append(E(section.Singular)).Append(' ').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</h3>\n");
                    Value(html, items[i]);
                    html.Append("</div>\n");
                }

                html.Append("</section>\n");
            }

            var other = tree.Properties().Where(p => p.Name != "requestId" && !Sections.Any(s => s.Property == p.Name)).ToList();
            if (other.Count > 0)
            {
                html.Append("<section id=\"other\">\n<h2>Other details</h2>\n");
                Value(html, new JObject(other));
                html.Append("</section>\n");
            }

            html.Append("</body>\n</html>\n");
            return html.ToString();
        }

        /// <summary>Writes any JSON value readably: an object as labelled rows, an array as a list, a scalar as text.</summary>
        private static void Value(StringBuilder html, JToken token)
        {
            switch (token)
            {
                case JObject obj when obj.Count == 0:
                    html.Append("<span class=\"empty\">(empty)</span>");
                    break;
                case JObject obj:
                    if (obj["name"] is JValue name && (obj.Count == 1 || (obj.Count == 2 && obj.ContainsKey("value"))))
                    {
                        // A CRM field: its name as the label (a null value is left out of the JSON).
                        html.Append("<dl><dt>").Append(E(name.ToString(CultureInfo.InvariantCulture))).Append("</dt><dd>");
                        Value(html, obj["value"] ?? JValue.CreateNull());
                        html.Append("</dd></dl>");
                        break;
                    }

                    html.Append("<dl>");
                    foreach (var property in obj.Properties())
                    {
                        html.Append("<dt>").Append(E(Label(property.Name))).Append("</dt><dd>");
                        Value(html, property.Value);
                        if (property.Name == "mirrorId" && property.Value.Type == JTokenType.String && TryParse((string)property.Value!) is JObject mirror)
                        {
                            html.Append("<br>which reads:");
                            Value(html, mirror);
                        }

                        html.Append("</dd>");
                    }

                    html.Append("</dl>");
                    break;
                case JArray array when array.Count == 0:
                    html.Append("<span class=\"empty\">(none)</span>");
                    break;
                case JArray array:
                    html.Append("<ul>");
                    foreach (var item in array)
                    {
                        html.Append("<li>");
                        Value(html, item);
                        html.Append("</li>");
                    }

                    html.Append("</ul>");
                    break;
                case JValue value when value.Type == JTokenType.Null:
                    html.Append("<span class=\"empty\">(no value)</span>");
                    break;
                case JValue value when value.Type == JTokenType.Boolean:
                    html.Append((bool)value ? "yes" : "no");
                    break;
                case JValue value:
                    html.Append(E(Scalar(value)));
                    break;
            }
        }

        private static IEnumerable<(string Path, string Value)> Leaves(JToken token, string path)
        {
            switch (token)
            {
                case JObject obj when obj.Count > 0:
                    foreach (var property in obj.Properties())
                    {
                        foreach (var leaf in Leaves(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name))
                        {
                            yield return leaf;
                        }
                    }

                    break;
                case JArray array when array.Count > 0:
                    for (var i = 0; i < array.Count; i++)
                    {
                        foreach (var leaf in Leaves(array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"))
                        {
                            yield return leaf;
                        }
                    }

                    break;
                case JObject:
                    yield return (path, "{}");
                    break;
                case JArray:
                    yield return (path, "[]");
                    break;
                case JValue value when value.Type == JTokenType.Null:
                    yield return (path, "null");
                    break;
                case JValue value:
                    yield return (path, Scalar(value));
                    break;
            }
        }

        private static string Scalar(JValue value) => value.Type switch
        {
            JTokenType.Boolean => (bool)value ? "true" : "false",
            JTokenType.Float => ((double)value).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        private static JToken? TryParse(string text)
        {
            try
            {
                return text.TrimStart().StartsWith("{", StringComparison.Ordinal) ? JToken.Parse(text) : null;
            }
            catch (JsonReaderException)
            {
                return null;
            }
        }

        /// <summary>A field's name for a person: <c>sentTime</c> becomes "Sent time".</summary>
        private static string Label(string name)
        {
            var words = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                {
                    words.Append(' ');
                }

                words.Append(i == 0 ? char.ToUpperInvariant(name[i]) : char.ToLowerInvariant(name[i]));
            }

            return words.ToString().Replace(" url", " URL", StringComparison.Ordinal).Replace(" id", " ID", StringComparison.Ordinal).Replace("Id", "ID", StringComparison.Ordinal);
        }

        private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

        private static string Cell(string value)
        {
            var text = value.Length > 0 && "=+-@".IndexOf(value[0]) >= 0 ? "'" + value : value;
            return text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }
    }
}
