using System.CommandLine;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using GongPrivacy.Testing;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Sandbox
{
    /// <summary><c>sandbox reset</c>.</summary>
    internal static class SandboxResetCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var reset = new Command("reset", "Clear the sandbox's state file (GONG_SANDBOX_STATE): every erasure is forgotten and the sample subjects hold their data again, for --sandbox runs and a running 'sandbox serve' alike.");
            reset.SetAction((parse, token) =>
            {
                SandboxHost.Reset(environment);
                environment.Console.MarkupLine("The sandbox is reset: the sample subjects (" + Markup.Escape(string.Join(", ", FakeGong.SampleSubjects)) + ") hold their data again. State file: " + Markup.Escape(environment.SandboxStateFile));
                return Task.FromResult(ExitCodes.Ok);
            });
            return reset;
        }
    }
}
