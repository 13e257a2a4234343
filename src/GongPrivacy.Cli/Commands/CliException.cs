using System;

namespace GongPrivacy.Cli.Commands
{
    /// <summary>A failure the tool reports as one clear line and an exit code, never as a stack trace.</summary>
    internal sealed class CliException : Exception
    {
        public CliException(int exitCode, string message)
            : base(message)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }
    }
}
