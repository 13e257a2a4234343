using System.CommandLine;
using GongPrivacy.Cli.Gong;

namespace GongPrivacy.Cli.Commands
{
    /// <summary>
    /// The options several commands share, made once: where Gong is (<c>--base-url</c>, <c>--sandbox</c>, both on every
    /// command), the subject's two arguments, and the journal of the single commands.
    /// </summary>
    internal sealed class CommonOptions
    {
        /// <summary>The variable that names the journal every command uses when <c>--journal</c> is not given.</summary>
        public const string JournalVariable = "GONG_PRIVACY_JOURNAL";

        /// <summary>The journal of single commands when neither <c>--journal</c> nor <see cref="JournalVariable"/> says.</summary>
        public const string DefaultJournal = "gong-privacy-audit.jsonl";

        public CommonOptions(CliEnvironment environment)
        {
            Environment = environment;
        }

        public CliEnvironment Environment { get; }

        /// <summary><c>--base-url</c>, on every command.</summary>
        public Option<string?> BaseUrl { get; } = new Option<string?>("--base-url") { Description = "Gong's base URL or your tenant's host (default: " + GongConnection.BaseUrlVariable + ", else " + GongLimits.DefaultHost + ").", Recursive = true };

        /// <summary><c>--sandbox</c>, on every command.</summary>
        public Option<bool> Sandbox { get; } = new Option<bool>("--sandbox") { Description = "Use the embedded fake Gong tenant on loopback; no credentials needed.", Recursive = true };

        /// <summary>The subject's kind: <c>email</c> or <c>phone</c>.</summary>
        public static Argument<string> KindArgument() => new Argument<string>("kind") { Description = "email or phone." };

        /// <summary>The subject's value.</summary>
        public static Argument<string> ValueArgument() => new Argument<string>("value") { Description = "The email address, or the phone number with '+' and the country code." };

        /// <summary>The <c>--journal</c> of a single <c>erase</c> or <c>verify</c>: the same journal a batch uses, when <see cref="JournalVariable"/> names it.</summary>
        public static Option<string?> JournalOption() => new Option<string?>("--journal")
        {
            Description = "The audit journal (JSON Lines) to write to; give a batch's journal to settle its rows (default: " + JournalVariable + ", else " + DefaultJournal + " in the current folder).",
        };

        /// <summary>The journal a single command writes to: <c>--journal</c>, else <see cref="JournalVariable"/>, else <see cref="DefaultJournal"/>.</summary>
        public string JournalPath(string? given) => Environment.Resolve(given ?? Environment.GetVariable(JournalVariable) ?? DefaultJournal);

        /// <summary>The subject of a single command, checked before anything is sent.</summary>
        public static Subject Subject(string? kind, string? value) =>
            Gong.Subject.Create(Gong.Subject.TryParseKind(kind, out var parsed) ? parsed : throw new CliException(ExitCodes.Usage, "The first argument must be 'email' or 'phone'."), value);
    }
}
