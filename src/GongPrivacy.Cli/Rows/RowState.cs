namespace GongPrivacy.Cli.Rows
{
    /// <summary>
    /// Where a row of a batch (a subject of the CSV, or of a single command) stands: the one vocabulary of rows. The
    /// journal records it on every row entry, the run's summary counts it, the exit code is made from it, and the evidence
    /// prints it, each through <see cref="RowStates"/>. At every moment a row's state is what would be true if the process
    /// died right then: a call being waited on is <see cref="NotSent"/>, an erase on the wire is <see cref="InDoubt"/>.
    /// </summary>
    internal enum RowState
    {
        /// <summary>Listed, no call begun yet.</summary>
        Pending,

        /// <summary>The CSV row holds no valid subject.</summary>
        Invalid,

        /// <summary>The same subject as an earlier row.</summary>
        Duplicate,

        /// <summary>A call began and nothing of it left the tool.</summary>
        NotSent,

        /// <summary>Sent, and Gong refused it for a reason that passes (its rate limit, unavailability, the credential, the address).</summary>
        Refused,

        /// <summary>Sent, and Gong refused the request itself: the same request gets the same answer.</summary>
        Rejected,

        /// <summary>An erase was sent and no answer rules out that Gong acted on it.</summary>
        InDoubt,

        /// <summary>A lookup got no usable answer.</summary>
        Failed,

        /// <summary>Gong accepted the erase, with its request id; no later lookup has confirmed it.</summary>
        Accepted,

        /// <summary>Gong accepted the erase, and a later lookup still found data.</summary>
        Remaining,

        /// <summary>Gong accepted the erase, and a later lookup found nothing.</summary>
        Verified,

        /// <summary>The erase was in doubt, and a later lookup found nothing: it was carried out.</summary>
        ErasedVerified,

        /// <summary>A lookup found data.</summary>
        Found,

        /// <summary>A lookup found nothing.</summary>
        NothingFound,

        /// <summary>A plan's lookup found data and no flag: an erase with the plan sends it.</summary>
        Planned,

        /// <summary>A plan flagged the row and no run approved its flags: no erase was sent.</summary>
        Held,

        /// <summary>Gong held nothing for the subject when the plan looked it up: no erase was needed, none was sent.</summary>
        NothingHeld,

        /// <summary>Gong refused the erase itself (an abnormal deletion, any 400): nothing was deleted, only Gong Support can help.</summary>
        NeedsSupport,

        /// <summary>Verified once, and a later look found data again: Gong imported it again from a CRM or mailbox.</summary>
        CameBack,
    }
}
