using System.CommandLine;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Runs;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch erase [&lt;subjects.csv&gt;] [--plan plan.json [--approve flags]]</c>.</summary>
    internal static class BatchEraseCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Erase,
            "Ask Gong to erase the subjects of a reviewed plan (--plan): its planned rows, and its held rows whose every flag --approve names; or, without a plan, every subject of the CSV (with a warning). Asks first (--yes skips the question).",
            "The CSV file; with --plan, the plan names it.",
            command =>
            {
                var plan = new Option<string?>("--plan") { Description = "The plan 'batch plan' wrote (plan.json): erase exactly the rows it approves. Refused when older than --plan-valid-for, of another journal, or changed since it was written." };
                var approve = new Option<string[]>("--approve") { Description = "With --plan: also erase the rows held for these flags (other-people, crm-still-holds, large; comma-separated), once you have reviewed them. Recorded in the journal with your user name and the time." };
                var validFor = new Option<string?>("--plan-valid-for") { Description = "With --plan: how old, from its first lookup, a plan may be (default 72h): what Gong holds changes as CRMs sync and calls and emails come in." };
                var requirePlan = new Option<bool>("--require-plan") { Description = "Refuse to erase without a plan (also " + BatchRequest.RequirePlanVariable + "=1)." };
                foreach (var option in new Option[] { plan, approve, validFor, requirePlan })
                {
                    command.Add(option);
                }

                return (parse, request) =>
                {
                    var approved = PlanFlags.ParseApproval(parse.GetValue(approve));
                    var path = parse.GetValue(plan);
                    if (approved.Count > 0 && path == null)
                    {
                        throw new CliException(ExitCodes.Usage, "--approve goes with --plan: it approves the flags of a reviewed plan. Nothing was sent.");
                    }

                    return request with
                    {
                        PlanPath = path,
                        Approve = approved,
                        PlanValidFor = SandboxSettings.Duration(parse.GetValue(validFor), "--plan-valid-for") ?? BatchRequest.DefaultPlanValidFor,
                        RequirePlan = parse.GetValue(requirePlan),
                    };
                };
            },
            csvOptional: true);
    }
}
