using System.CommandLine;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli.Commands.Sandbox
{
    /// <summary><c>sandbox serve [--port N] [--fresh]</c>.</summary>
    internal static class SandboxServeCommand
    {
        public static Command Create(CommonOptions common)
        {
            var serve = new Command("serve", "Keep the sandbox running on loopback so that your own code, or the tool with OAuth, can call it; it prints the settings for both. Ctrl+C stops it.");
            var port = new Option<int>("--port") { Description = "The loopback port.", DefaultValueFactory = _ => 5280 };
            var fresh = new Option<bool>("--fresh") { Description = "Start with a fresh tenant: forget the erasures the state file holds, so the sample subjects hold their data again." };
            serve.Add(port);
            serve.Add(fresh);
            serve.SetAction((parse, token) => SandboxHost.ServeAsync(common.Environment, parse.GetValue(port), parse.GetValue(fresh), token));
            return serve;
        }
    }
}
