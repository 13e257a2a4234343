using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>The entry point of gong-privacy.</summary>
    public static class Program
    {
        /// <summary>
        /// Runs the tool. Data goes to stdout; messages, tables and progress to stderr. Ctrl-C (SIGINT) and SIGTERM stop
        /// the run after the call in flight (exit 130 and 143).
        /// </summary>
        /// <param name="args">The command line.</param>
        /// <returns>The exit code.</returns>
        public static async Task<int> Main(string[] args)
        {
            // People's text goes to stderr. Questions and the progress bar need a person: stdin and stderr both on a terminal.
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Interactive = Console.IsInputRedirected || Console.IsErrorRedirected ? InteractionSupport.No : InteractionSupport.Yes,
            });
            if (Console.IsErrorRedirected)
            {
                // Not a terminal: no hard wrapping at 80 columns.
                console.Profile.Width = 4096;
            }

            using var interruption = new Interruption();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                interruption.Request(ExitCodes.SigInt, "SIGINT");
            });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                interruption.Request(ExitCodes.SigTerm, "SIGTERM");
            });
            var environment = new CliEnvironment { Console = console, Out = Console.Out, Interruption = interruption };
            return await CliApp.RunAsync(args, environment).ConfigureAwait(false);
        }
    }
}
