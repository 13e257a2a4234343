using System.Collections.Generic;
using System.IO;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Reports;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// The files <c>batch plan --output</c> writes, by extension: one <c>.json</c> (the plan the erase reads back) and at
    /// most one <c>.html</c> (the page for the person who approves it). Checked before anything is sent; written
    /// owner-only and whole, and never over an existing file without <c>--force</c>.
    /// </summary>
    internal sealed class PlanOutputs
    {
        private readonly bool _force;

        private PlanOutputs(string json, string? html, bool force)
        {
            Json = json;
            Html = html;
            _force = force;
        }

        /// <summary>The plan file.</summary>
        public string Json { get; }

        /// <summary>The page, if asked for.</summary>
        public string? Html { get; }

        /// <summary>Both, for messages.</summary>
        public IEnumerable<string> Paths => Html == null ? new[] { Json } : new[] { Json, Html };

        /// <summary>The outputs the command line names; a usage error unless there is exactly one .json and at most one .html.</summary>
        public static PlanOutputs Of(CliEnvironment environment, IReadOnlyList<string> outputs, bool force)
        {
            var resolved = outputs.Select(environment.Resolve).ToList();
            var json = resolved.Where(p => Path.GetExtension(p).ToLowerInvariant() == ".json").ToList();
            var html = resolved.Where(p => Path.GetExtension(p).ToLowerInvariant() is ".html" or ".htm").ToList();
            if (json.Count != 1 || html.Count > 1 || json.Count + html.Count != resolved.Count)
            {
                throw new CliException(ExitCodes.Usage, "batch plan writes one plan.json (the file 'batch erase --plan' reads) and, if asked, one plan.html (the page for the person who approves it): give --output plan.json [--output plan.html]. Nothing was sent.");
            }

            return new PlanOutputs(json[0], html.FirstOrDefault(), force);
        }

        /// <summary>Checks every output can be written (its folder, not a folder, no file in the way without --force), before anything is sent.</summary>
        public void Check()
        {
            foreach (var path in Paths)
            {
                ReportFile.Prepare(path, _force).Dispose();
            }
        }

        /// <summary>Writes the plan and its page.</summary>
        public void Write(PlanDocument plan)
        {
            var json = plan.ToJson();
            using (var file = ReportFile.Prepare(Json, _force))
            {
                file.Commit(json);
            }

            if (Html != null)
            {
                using var page = ReportFile.Prepare(Html, _force);
                page.Commit(PlanPage.Html(plan));
            }
        }
    }
}
