using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The embedded sandbox served to other code: serve, reset and serve --fresh.</summary>
    public partial class CommandTests
    {
        [Fact]
        public async Task Sandbox_serve_keeps_a_tenant_running_for_other_code_until_cancelled()
        {
            using var cli = new CliHarness();
            using var stop = new CancellationTokenSource();
            var port = FreePort();

            var run = cli.RunAsync(stop.Token, "sandbox", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await cli.WaitForOutputAsync(text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the sandbox did not start");

            var client = GongDataPrivacy.CreateClient(GongCredential.FromAccessKey("any", "thing"), new Uri("http://127.0.0.1:" + port));
            var data = await client.GetDataForEmailAddressAsync(Ada);
            stop.Cancel();
            var (code, output) = await run;

            Assert.Equal(3, data.Emails.Count);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("Sandbox Gong at http://127.0.0.1:" + port + "/v2/", output);
        }

        [Fact]
        public async Task Sandbox_reset_and_serve_fresh_bring_the_sample_subjects_back_after_an_erase()
        {
            using var cli = new CliHarness();
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("erase", "email", Ada, "--sandbox", "--yes", "--approve", "crm-still-holds")).Code);
            cli.Clock.Advance(cli.ErasureDelay);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code); // erased, for every later run

            var reset = await cli.RunAsync("sandbox", "reset");

            Assert.Equal(ExitCodes.Ok, reset.Code);
            Assert.Contains("hold their data again", reset.Stderr);
            Assert.Equal(ExitCodes.ReferencesRemain, (await cli.RunAsync("verify", "email", Ada, "--sandbox")).Code);

            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("erase", "email", Ada, "--sandbox", "--yes", "--approve", "crm-still-holds")).Code);
            cli.Clock.Advance(cli.ErasureDelay);
            Assert.Empty((await LookUpThroughServeAsync(cli)).Emails);
            Assert.Equal(3, (await LookUpThroughServeAsync(cli, "--fresh")).Emails.Count);
        }

        /// <summary>Runs 'sandbox serve', looks Ada up through it with the library, and stops it.</summary>
        private static async Task<EmailAddressReferences> LookUpThroughServeAsync(CliHarness cli, params string[] options)
        {
            using var stop = new CancellationTokenSource();
            var port = FreePort();
            var run = cli.RunAsync(stop.Token, new[] { "sandbox", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(options).ToArray());
            await cli.WaitForOutputAsync(text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the sandbox did not start");
            using var client = GongDataPrivacy.CreateClient(GongCredential.FromAccessKey("any", "thing"), new Uri("http://127.0.0.1:" + port));
            var data = await client.GetDataForEmailAddressAsync(Ada);
            stop.Cancel();
            Assert.Equal(ExitCodes.Ok, (await run).Code);
            return data;
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
