using System.CommandLine;
using GongPrivacy.Cli.Runs;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch verify [&lt;subjects.csv&gt;] --journal J [--after 24h] [--again-after 7d]</c>.</summary>
    internal static class BatchVerifyCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Verify,
            "Look up again every subject the journal's erases reached (accepted or in doubt) at least --after ago, and record each outcome in the same journal: nothing left is verified, or erased (verified) for an erase in doubt. With --again-after, also look again at subjects verified that long ago: one whose data is back is 'came back' (exit 13). Run it from cron or a CI schedule.",
            "The CSV the erase batch ran with (subjects are matched to the journal by keyed hash); default: the CSV the journal's batch recorded.",
            command =>
            {
                var againAfter = new Option<string?>("--again-after") { Description = "Also look again at every subject verified at least this long ago, such as 7d: Gong imports again what a CRM or a mailbox still holds." };
                command.Add(againAfter);
                return (parse, request) => request with { AgainAfter = SandboxSettings.Duration(parse.GetValue(againAfter), "--again-after") };
            },
            csvOptional: true);
    }
}
