using System.CommandLine;
using System.Globalization;
using System.IO;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Reports;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Subjects
{
    /// <summary><c>lookup email|phone &lt;value&gt;</c>: what Gong holds for a subject, and the full result for an access request.</summary>
    internal static class LookupCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("lookup", "Show what Gong holds for an email address or phone number; write the full result for an access request.");
            var kind = CommonOptions.KindArgument();
            var value = CommonOptions.ValueArgument();
            var output = new Option<string?>("--output", "-o") { Description = "Write the full result to this file: subject.html (a page for the person, unmasked), .csv (every field) or .json; see --format." };
            var format = new Option<string?>("--format") { Description = "Format of the full result: json, csv or html (default: from the --output file name, else json)." };
            format.AcceptOnlyFromAmong("json", "csv", "html");
            var force = new Option<bool>("--force") { Description = "Replace the --output file if it exists." };
            var controllerName = new Option<string?>("--controller-name") { Description = "html: who answers the request (your company, the controller), named at the top of the subject's page (default: " + SubjectPageSettings.ControllerNameVariable + "). Required for html." };
            var controllerContact = new Option<string?>("--controller-contact") { Description = "html: the privacy contact the subject can write to, such as privacy@example.com (default: " + SubjectPageSettings.ControllerContactVariable + "). Required for html." };
            var timeZone = new Option<string?>("--time-zone") { Description = "html: the time zone of the page's times, such as Europe/Berlin (default: " + SubjectPageSettings.TimeZoneVariable + ", else UTC)." };
            var reviewAbove = EraseCommand.ReviewAboveOption();
            var includeShareLinks = new Option<bool>("--include-share-links") { Description = "Keep the access tokens in share links (tkn=, token=, access_token=, sig=). Anyone who holds the report can then open what they link to, such as call recordings in which other people speak. Off by default: the links are shown with the token hidden." };
            command.Add(kind);
            command.Add(value);
            foreach (var option in new Option[] { output, format, force, controllerName, controllerContact, timeZone, includeShareLinks, reviewAbove })
            {
                command.Add(option);
            }

            command.SetAction(async (parse, token) =>
            {
                var subject = CommonOptions.Subject(parse.GetValue(kind), parse.GetValue(value));
                var thresholds = ReviewThresholds.Parse(parse.GetValue(reviewAbove));
                var path = parse.GetValue(output);
                var explicitFormat = parse.GetResult(format) != null && !parse.GetResult(format)!.Implicit;
                var chosen = explicitFormat || path == null ? parse.GetValue(format) ?? "json" : Path.GetExtension(path).ToLowerInvariant() switch
                {
                    ".html" or ".htm" => "html",
                    ".csv" => "csv",
                    _ => "json",
                };
                var settings = chosen == "html" && (path != null || explicitFormat)
                    ? SubjectPageSettings.Read(environment, parse.GetValue(controllerName), parse.GetValue(controllerContact), parse.GetValue(timeZone), parse.GetValue(includeShareLinks))
                    : null;
                using var file = path == null ? null : ReportFile.Prepare(environment.Resolve(path), parse.GetValue(force));
                await using var connection = await GongConnection.OpenAsync(environment, parse.GetValue(common.BaseUrl), parse.GetValue(common.Sandbox)).ConfigureAwait(false);
                var data = await connection.Client.LookUpAsync(subject, token).ConfigureAwait(false);
                var lookedUpAt = environment.Time.GetUtcNow();
                Report.RenderSummary(environment.Console, subject, data, connection.Target);
                ReviewConsole.Show(environment.Console, data, PlanReview.Of(subject, data, thresholds), thresholds);
                if (file == null && !explicitFormat)
                {
                    return ExitCodes.Ok;
                }

                var tree = SubjectReport.Tree(data);
                var hidden = parse.GetValue(includeShareLinks) ? 0 : ShareLinks.Mask(tree);
                var content = settings != null ? SubjectReport.Html(subject, tree, connection.Target, lookedUpAt, settings) : Report.Render(tree, chosen);
                if (file != null)
                {
                    file.Commit(content);
                    environment.Console.MarkupLine($"Full result ({chosen}) written to {Markup.Escape(file.Path)}");
                }
                else
                {
                    environment.Out.Write(content);
                    environment.Out.Flush();
                }

                // The warning is for the operator: on stderr, never in the subject's page (which carries it in a comment and a <meta>).
                environment.Console.MarkupLine("[yellow]" + Markup.Escape("warning: " + (file != null ? "the report" : "this output") + " holds the personal data of " + subject.KindName + " " + subject.Masked + " unmasked; it is for that person only: keep it private and send it to them only.") + "[/]");
                if (parse.GetValue(includeShareLinks))
                {
                    environment.Console.MarkupLine("[yellow]warning: share links keep their access tokens (--include-share-links): whoever holds the report can open what they link to.[/]");
                }
                else if (hidden > 0)
                {
                    environment.Console.MarkupLine(hidden.ToString(CultureInfo.InvariantCulture) + (hidden == 1 ? " link's access token is" : " links' access tokens are") + " hidden in the report; --include-share-links keeps them.");
                }

                return ExitCodes.Ok;
            });
            return command;
        }
    }
}
