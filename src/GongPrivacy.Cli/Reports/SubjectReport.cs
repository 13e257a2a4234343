using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.Gong;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// The access report for the data subject: everything Gong returned, unmasked (only access tokens in links are
    /// hidden, see <see cref="ShareLinks"/>), as a self-contained HTML page written for the subject, or as a complete CSV
    /// (every field of the JSON, one value a line). Both are built from the JSON tree of the lookup, not from the
    /// library's model types, so a field Gong adds tomorrow appears without a change here.
    /// </summary>
    internal static class SubjectReport
    {
        /// <summary>The notice for the operator, not the subject: on stderr when the page is written, and in the page's comment and &lt;meta&gt;.</summary>
        public const string Notice = "This page shows the personal data Gong holds about one person, unmasked. It is for the person it describes: keep it private and send it to them only.";

        private static readonly (string Property, string Title, string Singular, string Explanation)[] Sections =
        {
            ("emails", "Emails", "Email", "Email messages sent by you or to you that Gong recorded."),
            ("calls", "Calls", "Call", "Calls you took part in that Gong recorded, and the records other systems keep about each call."),
            ("meetings", "Meetings", "Meeting", "Calendar meetings you were invited to; Gong keeps the meeting's calendar ID."),
            ("customerData", "CRM records", "CRM system", "Records about you in the customer-relationship (CRM) systems connected to Gong, with every field and its value."),
            ("customerEngagement", "Engagement events", "Event", "Times you opened or interacted with something shared with you through Gong, such as a link to a call recording."),
            ("matchingPhoneNumbers", "Matching phone numbers", "Number", "Phone numbers in Gong that match the number you gave."),
            ("emailAddresses", "Email addresses", "Address", "Email addresses Gong holds together with your phone number."),
        };

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore, DateParseHandling = DateParseHandling.None };

        /// <summary>The lookup as a JSON tree, exactly as the JSON report writes it.</summary>
        public static JObject Tree(ISubjectReferences data) =>
            JsonConvert.DeserializeObject<JObject>(JsonConvert.SerializeObject(data, Settings), Settings) ?? new JObject();

        /// <summary>What the lookup found per category (only the categories the answer has), for the summary.</summary>
        public static IReadOnlyList<(string Property, string Title, int Count)> Counts(JObject tree) =>
            Sections.Where(s => tree[s.Property] is JArray).Select(s => (s.Property, s.Title, Count(s.Property, (JArray)tree[s.Property]!))).ToList();

        /// <summary>Every value of the JSON, one a line: <c>category,item,field,value</c>.</summary>
        public static string Csv(JObject tree)
        {
            var csv = new StringBuilder("category,item,field,value\n");
            foreach (var property in tree.Properties())
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

        /// <summary>
        /// The page for the person: who answers, what was searched and when, a summary, then each category explained
        /// and every item with its content first and its reference numbers after. Self-contained: no script, no
        /// external file, no web font.
        /// </summary>
        public static string Html(Subject subject, JObject tree, string target, DateTimeOffset lookedUpAt, SubjectPageSettings settings)
        {
            var page = new SubjectPageWriter(settings.TimeZone);
            var html = page.Html;
            var controller = E(settings.ControllerName);
            var contact = E(settings.ControllerContact);
            var what = subject.Kind == SubjectKind.Email ? "email address" : "phone number";
            html.Append("<!DOCTYPE html>\n<!-- gong-privacy: ").Append(E(Notice)).Append(" -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"gong-privacy-notice\" content=\"").Append(E(Notice)).Append("\">\n")
                .Append("<title>Your personal data in Gong, from ").Append(controller).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");

            html.Append("<header>\n<p class=\"from\">From ").Append(controller).Append("</p>\n<h1>Your personal data held in Gong</h1>\n")
                .Append("<p>").Append(controller).Append(" answers your request for a copy of your personal data. ").Append(controller)
                .Append(" uses Gong, a service that records and analyses sales calls, emails and meetings, and is responsible for what Gong holds about you.</p>\n")
                .Append("<dl class=\"facts\"><dt>Answered by</dt><dd id=\"controller\">").Append(controller).Append("</dd><dt>Privacy contact</dt><dd id=\"controller-contact\">").Append(contact).Append("</dd></dl>\n")
                .Append("<p>If you have a question about this copy, or want any of it corrected or erased, contact ").Append(contact).Append(".</p>\n</header>\n<main>\n");

            var counts = Counts(tree);
            var total = counts.Sum(c => c.Count);
            html.Append("<section id=\"search\">\n<h2>What was searched, and when</h2>\n<p>On ").Append(page.Time(lookedUpAt)).Append(", ").Append(controller)
                .Append(" asked Gong for everything it holds that mentions your ").Append(what).Append(" <strong id=\"subject\" class=\"value\">").Append(E(subject.Value)).Append("</strong>.</p>\n");
            html.Append("<p id=\"summary\">").Append(total == 0
                ? "Gong holds nothing that mentions it."
                : "Gong holds " + total.ToString(CultureInfo.InvariantCulture) + (total == 1 ? " item" : " items") + " that mention it: " + E(List(counts.Where(c => c.Count > 0).Select(c => Quantity(c.Count, c.Title)))) + ". Each is described below.")
                .Append("</p>\n");
            html.Append("<table class=\"counts\">\n<caption>Summary</caption>\n<thead><tr><th scope=\"col\">What Gong holds</th><th scope=\"col\" class=\"number\">How many</th></tr></thead>\n<tbody>\n");
            foreach (var (_, title, count) in counts)
            {
                html.Append("<tr><th scope=\"row\">").Append(E(title)).Append("</th><td class=\"number\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n<h3>How to read this page</h3>\n<ul class=\"reading\">\n<li>All times are in ").Append(E(HumanTime.ZoneName(settings.TimeZone))).Append(".</li>\n")
                .Append("<li>Each item shows what it holds first. Its reference numbers (the IDs Gong and other systems give it) come after; quote them if you ask for an item to be corrected or erased.</li>\n")
                .Append("<li>Names of fields in CRM systems are shown in plain words where they are well known, and otherwise as the system names them.</li>\n");
            var placeholder = html.Length;
            html.Append("</ul>\n</section>\n");

            foreach (var section in Sections)
            {
                if (tree[section.Property] is not JArray items)
                {
                    continue;
                }

                Section(page, section, items);
            }

            var other = tree.Properties().Where(p => p.Name != "requestId" && p.Name != "suppliedPhoneNumber" && !Sections.Any(s => s.Property == p.Name)).ToList();
            if (other.Count > 0)
            {
                html.Append("<section id=\"other\">\n<h2>Other details</h2>\n<p>Details Gong gave that have no section of their own.</p>\n<div class=\"item\">");
                page.Value(new JObject(other));
                html.Append("</div>\n</section>\n");
            }

            html.Append("<section id=\"about\">\n<h2>About this copy</h2>\n<dl class=\"facts\"><dt>Searched for</dt><dd class=\"value\">").Append(E(subject.Value)).Append("</dd>")
                .Append("<dt>Searched on</dt><dd id=\"looked-up-at\">").Append(page.Time(lookedUpAt)).Append("</dd>");
            if (tree["suppliedPhoneNumber"] is JValue supplied)
            {
                html.Append("<dt>The number as Gong read it</dt><dd class=\"value\">").Append(E(Scalar(supplied))).Append("</dd>");
            }

            html.Append("<dt>Gong's reference for this search</dt><dd id=\"request-id\" class=\"value\">").Append(E((string?)tree["requestId"])).Append("</dd>")
                .Append("<dt>Gong service asked</dt><dd class=\"value\">").Append(E(target)).Append("</dd></dl>\n</section>\n</main>\n</body>\n</html>\n");

            var links = page.HiddenLinks > 0
                ? "<li>" + Quantity(page.HiddenLinks, "links") + " to content shared through Gong (such as a call recording, in which other people speak) " + (page.HiddenLinks == 1 ? "is" : "are") + " shown with " + (page.HiddenLinks == 1 ? "its" : "their") + " access token hidden, so that nobody who comes to hold this page can open " + (page.HiddenLinks == 1 ? "it" : "them") + ". You can still see that the share exists, and when it was used.</li>\n"
                : page.TokenLinks > 0
                    ? "<li>" + Quantity(page.TokenLinks, "links") + " to shared content " + (page.TokenLinks == 1 ? "carries its" : "carry their") + " access token: anyone who holds this page can open " + (page.TokenLinks == 1 ? "it" : "them") + ". Keep this page private.</li>\n"
                    : string.Empty;
            html.Insert(placeholder, links);
            return html.ToString();
        }

        /// <summary>The page's style: readable on screen, and printed on A4 or Letter without a value, a heading or a card cut apart.</summary>
        private const string Style =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans',Arial,sans-serif;margin:2em auto;max-width:46em;padding:0 1em;color:#1b1b1b;background:#fff;line-height:1.45}"
            + "h1{font-size:1.7em;margin:.1em 0 .4em}h2{font-size:1.3em;border-bottom:2px solid #555;padding-bottom:.15em;margin:1.6em 0 .4em}h3{font-size:1.05em;margin:1em 0 .3em}"
            + ".from{margin:0;color:#404040;font-weight:600}header{border-bottom:3px solid #1b1b1b;padding-bottom:.6em}"
            + "dl{display:grid;grid-template-columns:fit-content(13em) minmax(0,1fr);gap:.15em 1em;margin:.3em 0}dd dl{margin:0}"
            + "dt{font-weight:600;color:#333}dd{margin:0;overflow-wrap:break-word}"
            + ".item{border:1px solid #767676;border-radius:4px;padding:.45em .9em;margin:.6em 0}.item h3{margin:.1em 0 .3em;font-size:1em}"
            + ".ids{border-top:1px dashed #767676;margin-top:.45em;padding-top:.3em;font-size:.9em}.ids-title{margin:0;font-size:.9em;font-weight:600;color:#404040}"
            + "ul{margin:.2em 0;padding-left:1.3em}ul.objects{list-style:none;padding:0}ul.objects>li{border-left:3px solid #b0b0b0;padding-left:.6em;margin:.15em 0}"
            + ".empty{color:#555;font-style:italic}.note{display:block;font-size:.9em;color:#404040}"
            + "table{border-collapse:collapse;margin:.6em 0}caption{text-align:left;font-weight:600;padding-bottom:.2em}th,td{border:1px solid #767676;padding:.2em .7em;text-align:left}.number{text-align:right}"
            + "time,.nowrap{white-space:nowrap}.value{overflow-wrap:break-word}"
            + "h1,h2,h3,caption{break-after:avoid;page-break-after:avoid}.item,tr,dl.facts,.keep{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
            + "@page{margin:16mm 15mm}@media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt}h2{margin-top:1.2em}}";

        private static void Section(SubjectPageWriter page, (string Property, string Title, string Singular, string Explanation) section, JArray items)
        {
            var html = page.Html;
            html.Append("<section id=\"").Append(section.Property).Append("\">\n<div class=\"keep\">\n<h2>").Append(E(section.Title)).Append(" (").Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n<p>")
                .Append(E(section.Explanation)).Append("</p>\n");
            if (items.Count == 0)
            {
                html.Append("<p class=\"empty\">Gong holds none.</p>\n</div>\n</section>\n");
                return;
            }

            if (items.All(i => i is JValue))
            {
                // A list of numbers or addresses: one line each.
                html.Append("<ul class=\"item\">");
                foreach (var item in items)
                {
                    html.Append("<li class=\"value\">");
                    page.Value(item);
                    html.Append("</li>");
                }

                html.Append("</ul>\n</div>\n</section>\n");
                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                html.Append("<div class=\"item\"><h3>").Append(E(section.Singular)).Append(' ').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</h3>\n");
                page.Item(items[i]);
                html.Append("</div>\n");
                if (i == 0)
                {
                    // The heading, the explanation and the first item stay on one page.
                    html.Append("</div>\n");
                }
            }

            html.Append("</section>\n");
        }

        private static int Count(string property, JArray items) =>
            property == "customerData" ? items.Sum(c => Math.Max(1, (c["objects"] as JArray)?.Count ?? 0)) : items.Count;

        private static string Quantity(int count, string title)
        {
            var noun = title.ToLowerInvariant().Replace("crm", "CRM", StringComparison.Ordinal);
            if (count == 1)
            {
                noun = noun.EndsWith("addresses", StringComparison.Ordinal) ? noun.Substring(0, noun.Length - 2) : noun.TrimEnd('s');
            }

            return count.ToString(CultureInfo.InvariantCulture) + " " + noun;
        }

        private static string List(IEnumerable<string> parts)
        {
            var list = parts.ToList();
            return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
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

        /// <summary>A scalar as text, as the CSV and the page write it.</summary>
        internal static string Scalar(JValue value) => value.Type switch
        {
            JTokenType.Boolean => (bool)value ? "true" : "false",
            JTokenType.Float => ((double)value).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        /// <summary>A JSON object held in a string (Gong's <c>mirrorId</c>), or null.</summary>
        internal static JToken? TryParse(string text)
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

        /// <summary>Text for HTML.</summary>
        internal static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

        private static string Cell(string value)
        {
            var text = value.Length > 0 && "=+-@".IndexOf(value[0]) >= 0 ? "'" + value : value;
            return text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }
    }
}
