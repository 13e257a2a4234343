namespace GongPrivacy.Cli.Commands
{
    /// <summary>The exit codes of gong-privacy. The README lists them too.</summary>
    public static class ExitCodes
    {
        /// <summary>Done; for <c>verify</c>: Gong holds no references to the subject.</summary>
        public const int Ok = 0;

        /// <summary>An unexpected failure.</summary>
        public const int Unexpected = 1;

        /// <summary>
        /// Bad usage or bad input: an unknown command or action, a malformed address or number, a secret on the command
        /// line, a CSV that cannot be read, a port out of range or in use, a report path that is a folder, in a missing
        /// or read-only folder, or an existing file without <c>--force</c>.
        /// </summary>
        public const int Usage = 2;

        /// <summary><c>verify</c> (and <c>batch verify</c>): references to the subject (to at least one subject) remain.</summary>
        public const int ReferencesRemain = 3;

        /// <summary>Credentials are missing, or Gong refused them (401).</summary>
        public const int Credentials = 4;

        /// <summary>Gong answered with an error, or could not be reached.</summary>
        public const int GongError = 5;

        /// <summary>The audit journal cannot be used: its folder is missing or cannot be written, it is read-only, in use by another run, holds another batch, or its key is missing, replaced or damaged; for a verify batch, a journal without an erase batch or a CSV that holds none of its subjects; for <c>report</c>, a journal that does not exist.</summary>
        public const int Journal = 6;

        /// <summary>An erasure was not confirmed; nothing was erased.</summary>
        public const int NotConfirmed = 7;

        /// <summary>A batch stopped cleanly at the daily quota (or on Gong's rate limit); run it again with <c>--resume</c>.</summary>
        public const int QuotaReached = 8;

        /// <summary>A batch finished, but some rows were invalid, failed, not sent, or are in doubt; the journal lists them by line.</summary>
        public const int BatchIncomplete = 9;

        /// <summary>
        /// <c>batch verify</c>: nothing was found remaining, but not every subject of the erase batch is verified
        /// yet: some were erased less than <c>--after</c> ago, are in doubt, were not erased, are not in the CSV, or their
        /// lookup failed. The summary and the journal say which; run it again later.
        /// </summary>
        public const int NotAllVerified = 10;

        /// <summary>
        /// The journal fails its integrity check: its hash chain breaks at a line (an entry edited, deleted, inserted,
        /// repeated or moved, or a line that is not an entry). The message names the first bad line; nothing was sent.
        /// </summary>
        public const int JournalTampered = 11;

        /// <summary>
        /// A plan or an approval is missing or cannot be used, and nothing was sent: a plan older than
        /// <c>--plan-valid-for</c>, of another journal, not the journal's latest, edited (its hash does not match), or whose
        /// CSV changed; <c>batch erase</c> without a plan under <c>--require-plan</c>, or on a journal that holds one; a single
        /// <c>erase</c> of a flagged subject without <c>--approve</c> for each flag.
        /// </summary>
        public const int PlanRefused = 12;

        /// <summary><c>batch verify --again-after</c>: data came back for at least one subject verified earlier (a re-import from a CRM or a mailbox).</summary>
        public const int CameBack = 13;

        /// <summary>Stopped by Ctrl-C (SIGINT) after the call in flight; a batch continues with <c>--resume</c>.</summary>
        public const int SigInt = 130;

        /// <summary>Stopped by SIGTERM after the call in flight; a batch continues with <c>--resume</c>.</summary>
        public const int SigTerm = 143;
    }
}
