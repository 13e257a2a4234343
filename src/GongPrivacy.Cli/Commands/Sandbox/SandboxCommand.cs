using System.CommandLine;

namespace GongPrivacy.Cli.Commands.Sandbox
{
    /// <summary><c>sandbox serve</c> and <c>sandbox reset</c>: the embedded fake Gong tenant.</summary>
    internal static class SandboxCommand
    {
        public static Command Create(CommonOptions common)
        {
            var sandbox = new Command("sandbox", "The embedded fake Gong tenant (the GongPrivacy.Testing package's fake Gong).");
            sandbox.Add(SandboxServeCommand.Create(common));
            sandbox.Add(SandboxResetCommand.Create(common));
            return sandbox;
        }
    }
}
