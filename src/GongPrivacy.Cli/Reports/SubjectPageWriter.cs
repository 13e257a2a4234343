using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GongPrivacy.Cli.Runs;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// Writes the items of the subject's page from the lookup's JSON: an object as labelled rows with its content first
    /// and its identifiers after, CRM fields under their labels, times for a person, and links with their tokens
    /// hidden said so. It counts the links it wrote with a token hidden or kept, for the page's reading notes.
    /// </summary>
    internal sealed class SubjectPageWriter
    {
        private readonly TimeZoneInfo _zone;

        public SubjectPageWriter(TimeZoneInfo zone) => _zone = zone;

        /// <summary>The page so far.</summary>
        public StringBuilder Html { get; } = new StringBuilder(16384);

        /// <summary>Links written with their access token hidden.</summary>
        public int HiddenLinks { get; private set; }

        /// <summary>Links written with an access token in them (only with <c>--include-share-links</c>).</summary>
        public int TokenLinks { get; private set; }

        /// <summary>A time for a person, in the page's time zone, kept on one line.</summary>
        public string Time(DateTimeOffset time) =>
            "<time datetime=\"" + time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) + "\">" + SubjectReport.E(HumanTime.Format(time, _zone)) + "</time>";

        /// <summary>One item of a category: its content, then a block of its reference numbers.</summary>
        public void Item(JToken item)
        {
            if (item is not JObject obj || obj.Count == 0)
            {
                Value(item);
                return;
            }

            var content = obj.Properties().Where(p => !FieldLabels.IsIdentifier(p.Name)).ToList();
            var ids = obj.Properties().Where(p => FieldLabels.IsIdentifier(p.Name)).ToList();
            if (content.Count > 0)
            {
                Rows(content);
            }

            if (ids.Count > 0)
            {
                Html.Append("<div class=\"ids\"><p class=\"ids-title\">Reference numbers</p>");
                Rows(ids);
                Html.Append("</div>");
            }
        }

        /// <summary>Any JSON value readably: an object as labelled rows, an array as a list, a scalar as text.</summary>
        public void Value(JToken token)
        {
            switch (token)
            {
                case JObject obj when obj.Count == 0:
                    Html.Append("<span class=\"empty\">(empty)</span>");
                    break;
                case JObject obj:
                    // Nested objects too: content first, identifiers after.
                    Rows(obj.Properties().Where(p => !FieldLabels.IsIdentifier(p.Name)).Concat(obj.Properties().Where(p => FieldLabels.IsIdentifier(p.Name))));
                    break;
                case JArray array when array.Count == 0:
                    Html.Append("<span class=\"empty\">(none)</span>");
                    break;
                case JArray array when array.All(IsCrmField):
                    CrmFields(array);
                    break;
                case JArray array:
                    Html.Append(array.All(i => i is JObject) ? "<ul class=\"objects\">" : "<ul>");
                    foreach (var item in array)
                    {
                        Html.Append("<li>");
                        Value(item);
                        Html.Append("</li>");
                    }

                    Html.Append("</ul>");
                    break;
                case JValue value when value.Type == JTokenType.Null:
                    Html.Append("<span class=\"empty\">(no value)</span>");
                    break;
                case JValue value when value.Type == JTokenType.Boolean:
                    Html.Append((bool)value ? "yes" : "no");
                    break;
                case JValue value when value.Type == JTokenType.String:
                    Text((string)value!);
                    break;
                case JValue value:
                    Html.Append("<span class=\"nowrap\">").Append(SubjectReport.E(SubjectReport.Scalar(value))).Append("</span>");
                    break;
            }
        }

        /// <summary>
        /// A long value (an ID, a link) may wrap only after a separator (<c>. @ _ / ? &amp; = , :</c>): the runs between
        /// them are kept whole, so that nothing in it (such as the date inside a meeting's ID) is cut in the middle. A
        /// run too long for any line is left to wrap where it must.
        /// </summary>
        private static string Breakable(string text)
        {
            if (text.Length <= 24)
            {
                return SubjectReport.E(text);
            }

            var html = new StringBuilder(text.Length + 64);
            var run = new StringBuilder();
            foreach (var c in text)
            {
                run.Append(c);
                if (".@_/?&=,:".IndexOf(c, StringComparison.Ordinal) >= 0)
                {
                    Run(html, run);
                    html.Append("<wbr>");
                }
            }

            Run(html, run);
            return html.ToString();
        }

        private static void Run(StringBuilder html, StringBuilder run)
        {
            var text = run.ToString();
            run.Clear();
            if (text.Length > 1 && text.Length <= 40 && text.IndexOf('-', StringComparison.Ordinal) >= 0)
            {
                // Only a run with a hyphen can break inside; keep it on one line.
                html.Append("<span class=\"nowrap\">").Append(SubjectReport.E(text)).Append("</span>");
            }
            else
            {
                html.Append(SubjectReport.E(text));
            }
        }

        private static bool IsCrmField(JToken token) =>
            token is JObject field && field["name"] is JValue name && name.Type == JTokenType.String && field.Properties().All(p => p.Name == "name" || p.Name == "value");

        private void Rows(IEnumerable<JProperty> properties)
        {
            Html.Append("<dl>");
            foreach (var property in properties)
            {
                Html.Append("<dt>").Append(SubjectReport.E(FieldLabels.ForGong(property.Name))).Append("</dt><dd>");
                if (property.Name == "eventType" && property.Value.Type == JTokenType.String && FieldLabels.EventMeaning((string)property.Value!) is string meaning)
                {
                    Html.Append(SubjectReport.E(meaning)).Append(" (").Append(SubjectReport.E((string)property.Value!)).Append(')');
                }
                else
                {
                    Value(property.Value);
                }

                if (property.Name == "mirrorId" && property.Value.Type == JTokenType.String && SubjectReport.TryParse((string)property.Value!) is JObject mirror)
                {
                    Html.Append("<span class=\"note\">which reads:</span>");
                    Value(mirror);
                }

                Html.Append("</dd>");
            }

            Html.Append("</dl>");
        }

        /// <summary>A CRM record's fields: the known names as labels, others as the CRM names them; a null value left out of the JSON is "no value".</summary>
        private void CrmFields(JArray fields)
        {
            Html.Append("<dl>");
            foreach (var field in fields)
            {
                Html.Append("<dt>").Append(SubjectReport.E(FieldLabels.ForCrm((string)field["name"]!))).Append("</dt><dd>");
                Value(field["value"] ?? JValue.CreateNull());
                Html.Append("</dd>");
            }

            Html.Append("</dl>");
        }

        private void Text(string text)
        {
            if (HumanTime.Parse(text) is DateTimeOffset time)
            {
                Html.Append(Time(time));
                return;
            }

            Html.Append("<span class=\"value\">").Append(Breakable(text)).Append("</span>");
            if (text.Contains("://", StringComparison.Ordinal) && text.Contains(ShareLinks.Hidden, StringComparison.Ordinal))
            {
                HiddenLinks++;
                Html.Append("<span class=\"note\">A share link: its access token is hidden in this copy.</span>");
            }
            else if (ShareLinks.HasToken(text))
            {
                TokenLinks++;
                Html.Append("<span class=\"note\">A share link with its access token: whoever holds this page can open it.</span>");
            }
        }
    }
}
