using System.CommandLine;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch verify &lt;subjects.csv&gt;</c>.</summary>
    internal static class BatchVerifyCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Verify,
            "Look up again every subject the journal's erases reached (accepted or in doubt) at least --after ago, and record each outcome in the same journal: nothing left is verified, or erased (verified) for an erase in doubt.",
            "The CSV the erase batch ran with (subjects are matched to the journal by keyed hash).");
    }
}
