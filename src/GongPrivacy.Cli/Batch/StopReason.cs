namespace GongPrivacy.Cli
{
    /// <summary>Why a batch stopped before its last row, or <see cref="Finished"/>.</summary>
    internal enum StopReason
    {
        /// <summary>Every row was dealt with.</summary>
        Finished,

        /// <summary>SIGINT or SIGTERM: calls in flight ended, no new one began.</summary>
        Interrupted,

        /// <summary>The daily quota (<c>--daily-quota</c>) is used up.</summary>
        DailyQuota,

        /// <summary>Gong kept answering 429 after every retry.</summary>
        RateLimited,

        /// <summary>Gong refused the credentials (401, 403).</summary>
        CredentialsRefused,

        /// <summary>No token could be had (OAuth): nothing was sent for the row.</summary>
        NoToken,

        /// <summary>Gong could not be reached.</summary>
        Unreachable,
    }
}
