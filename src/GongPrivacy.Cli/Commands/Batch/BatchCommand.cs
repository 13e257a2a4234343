using System.CommandLine;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary>
    /// <c>batch erase|lookup|verify &lt;subjects.csv&gt;</c>: the subcommands of the one batch engine. The old form
    /// <c>batch &lt;subjects.csv&gt; --action erase|lookup|verify</c> still works in this version, with a warning on stderr.
    /// </summary>
    internal static class BatchCommand
    {
        public static Command Create(CommonOptions common)
        {
            var batch = new Command("batch", "Run a CSV of subjects (rows 'email,<value>' or 'phone,<value>', ',' or ';' between fields) through a plan, erase, lookup or verify, resumably, several calls in flight at Gong's rate, with an audit journal.");
            batch.Add(BatchPlanCommand.Create(common));
            batch.Add(BatchEraseCommand.Create(common));
            batch.Add(BatchLookupCommand.Create(common));
            batch.Add(BatchVerifyCommand.Create(common));

            // The form of earlier versions, kept for one version: batch <subjects.csv> --action lookup|erase|verify.
            var csv = new Argument<string?>("subjects.csv") { Description = "Deprecated form: the CSV file, with --action.", Arity = ArgumentArity.ZeroOrOne, Hidden = true };
            var action = new Option<string?>("--action") { Description = "Deprecated: use 'batch erase|lookup|verify <subjects.csv>'.", Hidden = true };
            action.AcceptOnlyFromAmong("lookup", "erase", "verify");
            batch.Add(csv);
            batch.Add(action);
            var options = new BatchOptions(common, batch);
            batch.SetAction((parse, token) =>
            {
                var chosen = RunActions.Parse(parse.GetValue(action));
                if (chosen == null || parse.GetValue(csv) == null)
                {
                    throw new CliException(ExitCodes.Usage, "batch needs a subcommand and a CSV: 'gong-privacy batch plan|erase|lookup|verify <subjects.csv> --journal <file>'.");
                }

                common.Environment.Console.Profile.Out.Writer.WriteLine("warning: 'batch <subjects.csv> --action " + chosen.Value.Name() + "' is deprecated and goes in the next version; use 'gong-privacy batch " + chosen.Value.Name() + " <subjects.csv>'.");
                var request = options.Request(parse, chosen.Value, parse.GetValue(csv)!);
                return BatchEngine.RunAsync(common.Environment, request, BatchOptions.Job(common.Environment, request));
            });
            return batch;
        }
    }
}
