using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>Runs the tool in-process with a captured console, its own folder, environment and sandbox state.</summary>
    internal sealed class CliHarness : IDisposable
    {
        public CliHarness()
        {
            Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gong-privacy-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
        }

        public string Folder { get; }

        public Dictionary<string, string> Variables { get; } = new Dictionary<string, string>();

        public TimeProvider Time { get; set; } = TimeProvider.System;

        public Func<string, bool>? Confirm { get; set; }

        public TimeSpan ErasureDelay { get; set; } = TimeSpan.FromMilliseconds(400);

        public string Path(string name) => System.IO.Path.Combine(Folder, name);

        public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

        public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
        {
            var writer = new StringWriter();
            var stdout = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
            console.Profile.Width = 4096;
            Writer = writer;
            var environment = new CliEnvironment
            {
                Console = console,
                Out = stdout,
                GetVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
                Time = Time,
                WorkingDirectory = Folder,
                Confirm = Confirm,
                SandboxStateFile = Path("sandbox-state.json"),
                SandboxErasureDelay = ErasureDelay,
            };
            var code = await CliApp.RunAsync(args, environment, cancellationToken);
            return new CliResult(code, writer.ToString() + stdout.ToString(), stdout.ToString(), writer.ToString());
        }

        /// <summary>The output so far of the run in progress.</summary>
        public StringWriter? Writer { get; private set; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A run's exit code, its stderr and stdout together (Output), and each apart.</summary>
    internal sealed record CliResult(int Code, string Output, string Stdout, string Stderr)
    {
        public void Deconstruct(out int code, out string output)
        {
            code = Code;
            output = Output;
        }
    }
}
