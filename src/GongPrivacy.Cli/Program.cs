using System;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli
{
    /// <summary>The entry point of gong-privacy.</summary>
    public static class Program
    {
        /// <summary>Runs the tool; Ctrl+C cancels the run cleanly.</summary>
        /// <param name="args">The command line.</param>
        /// <returns>The exit code.</returns>
        public static async Task<int> Main(string[] args)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await CliApp.RunAsync(args, new CliEnvironment(), cancel.Token).ConfigureAwait(false);
        }
    }
}
