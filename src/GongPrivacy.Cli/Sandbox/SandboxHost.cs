using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.OAuth;
using GongPrivacy.Testing;
using Spectre.Console;

namespace GongPrivacy.Cli.Sandbox
{
    /// <summary>
    /// The GongPrivacy.Testing package's fake Gong, kept running on loopback for other code (<c>sandbox serve</c>), and its
    /// state file cleared so that the sample subjects hold their data again (<c>sandbox reset</c>).
    /// </summary>
    internal static class SandboxHost
    {
        /// <summary>The commands that try OAuth against a running sandbox, as <c>sandbox serve</c> prints them.</summary>
        internal static string[] OAuthExports(FakeGong server) => new[]
        {
            "export " + OAuthEnvironment.ClientIdVariable + "=" + FakeGongOAuth.ClientId + " " + OAuthEnvironment.ClientSecretVariable + "=" + FakeGongOAuth.ClientSecret,
            "export " + OAuthEnvironment.TokenEndpointVariable + "=" + server.TokenEndpoint + " " + OAuthEnvironment.TokenFileVariable + "=$PWD/sandbox-tokens.json",
            "gong-privacy oauth login --redirect-port 0     # open the address it prints; the sandbox sends the browser straight back",
            "gong-privacy lookup email " + FakeGong.SampleSubjects[0] + "     # no --base-url: the host comes with the tokens",
        };

        public static void Reset(CliEnvironment environment)
        {
            try
            {
                File.Delete(environment.SandboxStateFile);
            }
            catch (DirectoryNotFoundException)
            {
                // Nothing to forget.
            }
        }

        public static async Task<int> ServeAsync(CliEnvironment environment, int port, bool fresh, CancellationToken token)
        {
            if (port < 1 || port > 65535)
            {
                throw new CliException(ExitCodes.Usage, "The port must be between 1 and 65535; " + port.ToString(CultureInfo.InvariantCulture) + " is not.");
            }

            if (fresh)
            {
                Reset(environment);
            }

            FakeGong server;
            try
            {
                server = await SandboxSettings.StartAsync(environment, port, token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw new CliException(ExitCodes.Usage, "Port " + port.ToString(CultureInfo.InvariantCulture) + " on 127.0.0.1 is already in use; choose another with --port.");
            }

            await using (server.ConfigureAwait(false))
            {
                var console = environment.Console;
                console.MarkupLine($"Sandbox Gong at [bold]{Markup.Escape(server.BaseUrl.ToString())}[/] (credentials: any non-empty access key and secret, such as GONG_ACCESS_KEY=sandbox GONG_ACCESS_KEY_SECRET=sandbox; 3 calls per second; erasure takes {SandboxSettings.ErasureDelay(environment).TotalSeconds:0.#} s).");
                console.MarkupLine("Sample subjects: " + Markup.Escape(string.Join(", ", FakeGong.SampleSubjects)) + "; any other address or number gets generated data (docs/sandbox.md). " + (fresh ? "Fresh state." : "'gong-privacy sandbox reset' (or --fresh) restores them after an erase."));
                console.MarkupLine("OAuth: it consents at once at " + Markup.Escape(server.AuthorizeEndpoint.ToString()) + ", gives 60-second access tokens and single-use refresh tokens, and names itself as the customer's host. Try it in another shell:");
                foreach (var line in OAuthExports(server))
                {
                    console.Profile.Out.Writer.WriteLine("  " + line);
                }

                console.Profile.Out.Writer.Flush();
                console.MarkupLine("Press Ctrl+C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return ExitCodes.Ok;
        }
    }
}
