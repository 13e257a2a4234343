using System;
using System.Linq;

namespace GongPrivacy.Cli.Commands
{
    /// <summary>Refuses a secret given on the command line, where other users can read it in the process list.</summary>
    internal static class SecretArguments
    {
        private static readonly string[] Names = { "--access-key-secret", "--secret", "--bearer-token", "--token", "--password", "--access-key", "--key" };

        /// <summary>A usage error (nothing is parsed, nothing sent) when an argument names a secret option.</summary>
        public static void Refuse(string[] args)
        {
            if (args.Any(arg => Names.Contains(arg.Split('=')[0], StringComparer.OrdinalIgnoreCase)))
            {
                throw new CliException(ExitCodes.Usage, "Secrets are not taken on the command line, where other users can read them in the process list: set GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN.");
            }
        }
    }
}
