using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Spectre.Console;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Runs the tool in-process with a captured console, its own folder, environment and sandbox state, on a fake clock
    /// (a <see cref="FakeGongClock"/>: the tool's waits for the rate limit, backoff and Retry-After pass at once in fake
    /// time). A fake Gong started with <see cref="StartGongAsync"/> runs on the same clock.
    /// </summary>
    internal sealed class CliHarness : IDisposable
    {
        public CliHarness()
        {
            Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gong-privacy-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
        }

        public string Folder { get; }

        public Dictionary<string, string> Variables { get; } = new Dictionary<string, string>();

        public TimeProvider Time { get; set; } = new FakeGongClock();

        /// <summary>The harness's clock, to move it: the erasure delay, token expiry.</summary>
        public FakeGongClock Clock => Time as FakeGongClock ?? throw new InvalidOperationException("this harness runs on " + Time.GetType().Name);

        public Func<string, bool>? Confirm { get; set; }

        public TimeSpan ErasureDelay { get; set; } = TimeSpan.FromMilliseconds(400);

        public string Path(string name) => System.IO.Path.Combine(Folder, name);

        public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

        public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
        {
            var writer = new OutputWriter();
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
        public OutputWriter? Writer { get; private set; }

        /// <summary>
        /// Starts a fake Gong (the sandbox's sample subjects, invented data for others) on this harness's clock, and points
        /// the tool at it with an access key.
        /// </summary>
        public async Task<FakeGong> StartGongAsync(Action<FakeGongOptions>? configure = null)
        {
            var options = new FakeGongOptions { TimeProvider = Time, Sandbox = true };
            configure?.Invoke(options);
            var gong = await FakeGong.StartAsync(options);
            Variables["GONG_ACCESS_KEY"] = "test-key-" + Guid.NewGuid().ToString("N");
            Variables["GONG_ACCESS_KEY_SECRET"] = "test-secret";
            Variables["GONG_BASE_URL"] = gong.BaseUrl.ToString();
            return gong;
        }

        /// <summary>Waits, without polling, until the output of the run in progress satisfies <paramref name="done"/>.</summary>
        public async Task<string> WaitForOutputAsync(Func<string, bool> done, string failure)
        {
            if (Writer == null)
            {
                throw new InvalidOperationException("start a run first: RunAsync sets the writer before its first await");
            }

            try
            {
                return await Writer.WaitForAsync(done).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(failure + "; output so far: " + Writer);
            }
        }

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

    /// <summary>The console's output, which tells waiters as it grows.</summary>
    internal sealed class OutputWriter : StringWriter
    {
        private readonly List<(Func<string, bool> Done, TaskCompletionSource<string> Signal)> _waiters = new List<(Func<string, bool>, TaskCompletionSource<string>)>();

        public Task<string> WaitForAsync(Func<string, bool> done)
        {
            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                var text = ToString();
                if (done(text))
                {
                    return Task.FromResult(text);
                }

                _waiters.Add((done, signal));
            }

            return signal.Task;
        }

        public override void Write(char value)
        {
            base.Write(value);
            Changed();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Changed();
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            Changed();
        }

        public override void Write(StringBuilder? value)
        {
            base.Write(value);
            Changed();
        }

        private void Changed()
        {
            lock (_waiters)
            {
                var text = ToString();
                foreach (var waiter in _waiters.FindAll(w => w.Done(text)))
                {
                    _waiters.Remove(waiter);
                    waiter.Signal.TrySetResult(text);
                }
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
