using System.CommandLine;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch plan &lt;subjects.csv&gt; --journal J --output plan.json [--output plan.html]</c>: look every subject up and write the plan a person approves.</summary>
    internal static class BatchPlanCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Plan,
            "Look every subject of the CSV up and write the plan a person approves before anything is erased: what Gong holds for each row, and its flags (other-people, crm-still-holds, large, nothing-held, invalid, duplicate). Resumable and journaled like any batch.",
            "The CSV file.",
            command =>
            {
                var output = new Option<string[]>("--output", "-o") { Description = "The plan: plan.json (the file 'batch erase --plan' reads back; required) and plan.html (the page for the person who approves it); give --output once for each. Written owner-only.", Required = true };
                var force = new Option<bool>("--force") { Description = "Replace the --output files if they exist." };
                var reviewAbove = new Option<string[]>("--review-above") { Description = "Flag a row 'large' above these counts, as category=count pairs (default " + ReviewThresholds.Default.Describe() + "): Gong refuses abnormally large deletions and does not publish its limits." };
                command.Add(output);
                command.Add(force);
                command.Add(reviewAbove);
                return (parse, request) => request with { Outputs = parse.GetValue(output) ?? System.Array.Empty<string>(), Force = parse.GetValue(force), Review = ReviewThresholds.Parse(parse.GetValue(reviewAbove)) };
            });
    }
}
