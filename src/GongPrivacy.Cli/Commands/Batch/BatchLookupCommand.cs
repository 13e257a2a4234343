using System.CommandLine;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch lookup &lt;subjects.csv&gt;</c>.</summary>
    internal static class BatchLookupCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Lookup,
            "Look every subject of the CSV up.",
            "The CSV file.");
    }
}
