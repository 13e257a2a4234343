namespace GongPrivacy.Cli.Rows
{
    /// <summary>What a row's call does: erase the subject, look it up (a lookup batch), or look it up again after an erase (verify).</summary>
    internal enum CallKind
    {
        /// <summary>An erase.</summary>
        Erase,

        /// <summary>A lookup of a lookup batch.</summary>
        Lookup,

        /// <summary>A lookup that verifies an erase.</summary>
        Verify,

        /// <summary>A lookup of a plan: what an erase would reach, before any erase.</summary>
        Plan,
    }

    /// <summary>
    /// Where a row goes, from what the library decided about its call (<see cref="GongOutcome"/> and <see cref="GongCause"/>):
    /// the one place the tool turns an attempt or a call into a row's state. Nothing here reads an HTTP status.
    /// </summary>
    internal static class RowMoves
    {
        /// <summary>An erase attempt is handed to the network: from now on Gong may act on it.</summary>
        public const RowState ErasureOnTheWire = RowState.InDoubt;

        /// <summary>
        /// An erase attempt has an outcome. A 2xx leaves the row in doubt until the call returns Gong's answer (its body,
        /// with a request id), which makes it <see cref="RowState.Accepted"/>; a clear refusal means Gong did not act.
        /// </summary>
        public static RowState AfterErasureAttempt(GongOutcome? outcome, GongCause? cause, bool sent) => outcome switch
        {
            GongOutcome.Refused or GongOutcome.Retryable when !sent => RowState.NotSent,
            GongOutcome.Refused when cause == GongCause.Rejected => RowState.NeedsSupport,
            GongOutcome.Refused or GongOutcome.Retryable => RowState.Refused,
            _ => RowState.InDoubt,
        };

        /// <summary>
        /// An erase call failed: in doubt when any attempt may have reached Gong, else by why nothing was done. Gong's
        /// refusal of the erase itself (<see cref="GongCause.Rejected"/>: an abnormal deletion, any 400) needs Gong Support.
        /// </summary>
        public static RowState AfterErasureFailure(RowState current, bool mayHaveReachedGong, GongCause cause)
        {
            if (mayHaveReachedGong || current == RowState.InDoubt)
            {
                return RowState.InDoubt;
            }

            return cause == GongCause.Rejected ? RowState.NeedsSupport : Refusal(cause) ?? RowState.NotSent;
        }

        /// <summary>A lookup failed: a lookup batch's row records why; a verified row keeps its state (only an answer changes it).</summary>
        public static RowState AfterLookupFailure(RowState current, CallKind kind, GongCause cause)
        {
            if (kind == CallKind.Verify)
            {
                return current;
            }

            return cause switch
            {
                GongCause.NoToken or GongCause.NoConnection or GongCause.Cancelled => RowState.NotSent,
                _ => Refusal(cause) ?? RowState.Failed,
            };
        }

        /// <summary>
        /// A lookup got Gong's answer: found, or nothing found; for a plan, whether an erase is needed and whether a person
        /// must approve it first (<paramref name="flagged"/>); for a verify, what that says about the erase: data found
        /// after a lookup had found none came back.
        /// </summary>
        public static RowState AfterLookup(RowState current, CallKind kind, bool nothing, bool flagged = false)
        {
            if (kind == CallKind.Lookup)
            {
                return nothing ? RowState.NothingFound : RowState.Found;
            }

            if (kind == CallKind.Plan)
            {
                return nothing ? RowState.NothingHeld : flagged ? RowState.Held : RowState.Planned;
            }

            return current switch
            {
                RowState.Accepted or RowState.Remaining => nothing ? RowState.Verified : RowState.Remaining,
                RowState.Verified or RowState.ErasedVerified => nothing ? current : RowState.CameBack,
                RowState.CameBack => nothing ? RowState.Verified : RowState.CameBack,
                RowState.InDoubt => nothing ? RowState.ErasedVerified : RowState.InDoubt,
                RowState.Pending => nothing ? RowState.NothingFound : RowState.Found,
                _ => current,
            };
        }

        /// <summary>A clear refusal by Gong: rejected for good, or refused for a reason that passes; null for anything else.</summary>
        private static RowState? Refusal(GongCause cause) => cause switch
        {
            GongCause.Rejected => RowState.Rejected,
            GongCause.RateLimited or GongCause.Unavailable or GongCause.AccessDenied or GongCause.NotFound => RowState.Refused,
            _ => null,
        };
    }
}
