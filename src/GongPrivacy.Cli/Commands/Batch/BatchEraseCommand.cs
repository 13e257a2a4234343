using System.CommandLine;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary><c>batch erase &lt;subjects.csv&gt;</c>.</summary>
    internal static class BatchEraseCommand
    {
        public static Command Create(CommonOptions common) => BatchOptions.Subcommand(
            common,
            RunAction.Erase,
            "Ask Gong to erase every subject of the CSV; asks first (--yes skips the question).",
            "The CSV file.");
    }
}
