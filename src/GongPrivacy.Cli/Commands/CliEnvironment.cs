using System;
using System.IO;
using GongPrivacy.Cli.Runs;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands
{
    /// <summary>What a run of the tool talks to: the console, the environment variables, the clock, the folder.</summary>
    public sealed class CliEnvironment
    {
        /// <summary>The console for people: tables, progress, warnings and errors. It writes to stderr.</summary>
        public IAnsiConsole Console { get; init; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

        /// <summary>Where data goes (a report asked for with <c>--format</c> and no <c>-o</c>, help): stdout.</summary>
        public TextWriter Out { get; init; } = System.Console.Out;

        /// <summary>Ctrl-C and SIGTERM: stops the run after the call in flight.</summary>
        public Interruption Interruption { get; init; } = new Interruption();

        /// <summary>Reads an environment variable.</summary>
        public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

        /// <summary>The clock (quota days, erasure waits).</summary>
        public TimeProvider Time { get; init; } = TimeProvider.System;

        /// <summary>The operator's user name, which a batch records in the journal for the evidence.</summary>
        public string UserName { get; init; } = Environment.UserName;

        /// <summary>The folder relative paths are read from.</summary>
        public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

        /// <summary>
        /// Asks a yes/no question; when null the tool asks on an interactive console and treats a non-interactive one
        /// as "no" (so that nothing irreversible happens without <c>--yes</c>).
        /// </summary>
        public Func<string, bool>? Confirm { get; init; }

        /// <summary>The file in which the embedded sandbox keeps accepted erasures between runs.</summary>
        public string SandboxStateFile { get; init; } =
            Environment.GetEnvironmentVariable("GONG_SANDBOX_STATE") ?? Path.Combine(Path.GetTempPath(), "gong-privacy-sandbox-state.json");

        /// <summary>The embedded sandbox's simulated erasure delay.</summary>
        public TimeSpan SandboxErasureDelay { get; init; } = TimeSpan.FromSeconds(3);

        /// <summary>The head of the journal the last run signed (shared with the demo's environments); printed as the run's last line.</summary>
        internal JournalHeadNote JournalHead { get; init; } = new JournalHeadNote();

        internal string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));

        /// <summary>The same environment working in another folder, with its own sandbox state, answering yes to every question (the demo's).</summary>
        internal CliEnvironment For(string folder, string sandboxStateFile) => new CliEnvironment
        {
            Console = Console,
            Out = Out,
            Interruption = Interruption,
            GetVariable = GetVariable,
            Time = Time,
            UserName = UserName,
            WorkingDirectory = folder,
            Confirm = _ => true,
            SandboxStateFile = sandboxStateFile,
            SandboxErasureDelay = SandboxErasureDelay,
            JournalHead = JournalHead,
        };

        /// <summary>Whether a yes/no question can be asked: a terminal, or a test's answer.</summary>
        internal bool CanAsk => Confirm != null || Console.Profile.Capabilities.Interactive;

        internal bool Ask(string question)
        {
            if (Confirm != null)
            {
                return Confirm(question);
            }

            if (!Console.Profile.Capabilities.Interactive)
            {
                return false;
            }

            // Ctrl-C at the question stops the run (exit 130, nothing erased) instead of waiting for an answer.
            var answer = System.Threading.Tasks.Task.Run(() => Console.Confirm(question, defaultValue: false));
            System.Threading.Tasks.Task.WaitAny(new System.Threading.Tasks.Task[] { answer }, Interruption.Token);
            return answer.Result;
        }
    }
}
