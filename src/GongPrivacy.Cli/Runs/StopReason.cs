using System.Linq;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Runs
{
    /// <summary>Why a run ended before its last row, or <see cref="Finished"/>.</summary>
    internal enum StopReason
    {
        /// <summary>Every row was dealt with.</summary>
        Finished,

        /// <summary>SIGINT or SIGTERM: calls in flight ended, no new one began.</summary>
        Interrupted,

        /// <summary>The daily quota is used up: today's attempts, counted from the journal, reached <c>--daily-quota</c>.</summary>
        DailyQuota,

        /// <summary>Gong kept answering 429 after every retry.</summary>
        RateLimited,

        /// <summary>Gong refused the credentials (<see cref="GongCause.AccessDenied"/>).</summary>
        CredentialsRefused,

        /// <summary>No token could be had (OAuth): nothing was sent for the row.</summary>
        NoToken,

        /// <summary>Gong could not be reached.</summary>
        Unreachable,

        /// <summary>What answered is not Gong (a redirect, a page, a path Gong does not know): the base URL is wrong.</summary>
        NotGong,

        /// <summary>A single erase: the operator answered no.</summary>
        Declined,

        /// <summary>A single erase with <c>--dry-run</c>: looked up, nothing sent.</summary>
        DryRun,

        /// <summary>A single erase of a flagged subject without <c>--approve</c> for each flag: looked up, nothing sent.</summary>
        NotApproved,
    }

    /// <summary>What each <see cref="StopReason"/> is called in the journal, says, and exits with.</summary>
    internal static class StopReasons
    {
        private static readonly (StopReason Reason, string Name, string Text, int Exit)[] Table =
        {
            (StopReason.Finished, "finished", "every row was dealt with", ExitCodes.Ok),
            (StopReason.Interrupted, "interrupted", "stopped by a signal", ExitCodes.SigInt),
            (StopReason.DailyQuota, "daily-quota", "the daily quota is used up", ExitCodes.QuotaReached),
            (StopReason.RateLimited, "rate-limited", "Gong kept answering 429", ExitCodes.QuotaReached),
            (StopReason.CredentialsRefused, "credentials-refused", "Gong refused the credentials", ExitCodes.Credentials),
            (StopReason.NoToken, "no-token", "no token could be had", ExitCodes.Credentials),
            (StopReason.Unreachable, "unreachable", "Gong could not be reached", ExitCodes.GongError),
            (StopReason.NotGong, "not-gong", "what answered is not Gong: check the base URL", ExitCodes.GongError),
            (StopReason.Declined, "declined", "the operator declined; nothing was erased", ExitCodes.NotConfirmed),
            (StopReason.DryRun, "dry-run", "a dry run: looked up, no erase sent", ExitCodes.Ok),
            (StopReason.NotApproved, "not-approved", "the subject's flags were not approved; nothing was erased", ExitCodes.PlanRefused),
        };

        /// <summary>The reason a journal name stands for, or null.</summary>
        public static StopReason? Parse(string? name) => ByName.TryGetValue(name ?? string.Empty, out var reason) ? reason : null;

        private static readonly System.Collections.Generic.Dictionary<string, StopReason> ByName = Table.ToDictionary(t => t.Name, t => t.Reason, System.StringComparer.Ordinal);

        /// <summary>The reason's name in the journal.</summary>
        public static string Name(this StopReason reason) => Table.First(t => t.Reason == reason).Name;

        /// <summary>The reason in words.</summary>
        public static string Text(this StopReason reason) => Table.First(t => t.Reason == reason).Text;

        /// <summary>The exit code a run stopped for this reason ends with (a finished run's comes from its rows).</summary>
        public static int Exit(this StopReason reason) => Table.First(t => t.Reason == reason).Exit;

        /// <summary>
        /// Whether a call's failure stops the run, and why: the library's <see cref="GongCause"/> of a failure that every
        /// next row would meet too (the credential, the address, Gong's rate limit after every retry, no connection).
        /// </summary>
        public static StopReason For(GongCause cause) => cause switch
        {
            GongCause.RateLimited => StopReason.RateLimited,
            GongCause.AccessDenied => StopReason.CredentialsRefused,
            GongCause.NoToken => StopReason.NoToken,
            GongCause.NoConnection => StopReason.Unreachable,
            GongCause.NotGongsAnswer or GongCause.NotFound => StopReason.NotGong,
            _ => StopReason.Finished,
        };
    }
}
