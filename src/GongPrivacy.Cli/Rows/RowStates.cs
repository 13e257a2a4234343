using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>Whether a new run sends a row's call again.</summary>
    internal enum RowResend
    {
        /// <summary>Never: the row is settled, or sending it again gets the same answer.</summary>
        Never,

        /// <summary>Yes: nothing Gong acted on was sent, or Gong refused it for a passing reason.</summary>
        Yes,

        /// <summary>Only when the operator says so (<c>--resend-in-doubt</c>): Gong may have acted on it already.</summary>
        OnlyWhenResendingInDoubt,

        /// <summary>Only by a run that approves each of the row's flags (<c>--approve</c>): a person must review it first.</summary>
        OnlyWhenApproved,
    }

    /// <summary>
    /// One state of a row, as everything reads it: its name in the journal, the run's summary and the JSON and CSV evidence;
    /// its text on a page; what it means; whether it is final; whether a new run sends it; what it adds to the exit code of
    /// an erase or lookup run and of a verify run; its colour on the evidence page.
    /// </summary>
    internal sealed record RowStateInfo(RowState State, string Name, string Page, string Meaning, bool Final, RowResend Resend, int BatchExit, int VerifyExit, string Colour);

    /// <summary>The table of <see cref="RowState"/>s: the one place a state's words and consequences are written.</summary>
    internal static class RowStates
    {
        private const int Incomplete = ExitCodes.BatchIncomplete;
        private const int NotVerified = ExitCodes.NotAllVerified;

        /// <summary>Every state, in the order the evidence lists them.</summary>
        public static readonly IReadOnlyList<RowStateInfo> All = new[]
        {
            new RowStateInfo(RowState.Verified, "verified", "verified", "Gong accepted the erase, and a later lookup found nothing left.", true, RowResend.Never, 0, 0, "#2e7d32"),
            new RowStateInfo(RowState.ErasedVerified, "erased-verified", "erased (verified)", "The erase was in doubt (sent, no clear answer), and a later lookup found nothing left: Gong carried it out.", true, RowResend.Never, 0, 0, "#1b5e20"),
            new RowStateInfo(RowState.NothingHeld, "nothing-held", "nothing held", "Gong holds nothing for the subject (the lookup's request id is in the row): no erase is needed, and none is sent.", true, RowResend.Never, 0, 0, "#558b2f"),
            new RowStateInfo(RowState.CameBack, "came-back", "came back", "Verified once, and a later look (batch verify --again-after) found data again: Gong imported it again from a CRM or a mailbox that still holds it (what came back, and from which system, is in the row). Delete it there, then erase it again.", false, RowResend.Never, 0, ExitCodes.CameBack, "#b71c1c"),
            new RowStateInfo(RowState.Remaining, "remaining", "remaining", "Gong accepted the erase, but a later lookup still found data (counted in the row).", false, RowResend.Never, 0, ExitCodes.ReferencesRemain, "#c62828"),
            new RowStateInfo(RowState.Accepted, "accepted", "not verified", "Gong accepted the erase; no later lookup has confirmed it yet.", false, RowResend.Never, 0, NotVerified, "#1565c0"),
            new RowStateInfo(RowState.InDoubt, "in-doubt", "in doubt", "The erase was sent and no answer rules out that Gong acted on it; it is not sent again unless asked, and a later lookup settles it.", false, RowResend.OnlyWhenResendingInDoubt, Incomplete, NotVerified, "#ef6c00"),
            new RowStateInfo(RowState.NeedsSupport, "needs-support", "refused by Gong: needs Gong Support", "Gong refused the erase itself (an abnormal deletion, or any 400): it deleted nothing, and sending it again gets the same answer, so the tool never sends it again. Only Gong Support can carry it out; what they need (Gong's request id, the time, the plan's counts) is in the row.", true, RowResend.Never, Incomplete, NotVerified, "#880e4f"),
            new RowStateInfo(RowState.Refused, "refused", "sent, refused", "The request was sent and Gong refused it for a reason that passes (its status is in the row): Gong did not act on it, and a resume sends it again.", false, RowResend.Yes, Incomplete, NotVerified, "#6a1b9a"),
            new RowStateInfo(RowState.Rejected, "rejected", "refused by Gong", "A lookup was sent and Gong refused the request itself (its status is in the row): the same request gets the same answer, so it is not sent again.", true, RowResend.Never, Incomplete, NotVerified, "#4a148c"),
            new RowStateInfo(RowState.Failed, "failed", "failed", "A lookup got no usable answer (a server error, none, or an answer that is not Gong's); a resume looks it up again.", false, RowResend.Yes, Incomplete, NotVerified, "#ad1457"),
            new RowStateInfo(RowState.NotSent, "not-sent", "not sent", "The call began, but nothing of it left the tool; a resume sends it.", false, RowResend.Yes, Incomplete, NotVerified, "#9e9d24"),
            new RowStateInfo(RowState.Held, "held", "held for review", "The plan flagged the row (its flags are in the row) and no run approved them: no erase was sent. A run of the plan that approves each of its flags (--approve) erases it.", false, RowResend.OnlyWhenApproved, Incomplete, NotVerified, "#f9a825"),
            new RowStateInfo(RowState.Planned, "planned", "planned", "The plan looked the subject up and found data and no flag: an erase with the plan (batch erase --plan) sends it.", false, RowResend.Yes, Incomplete, NotVerified, "#0277bd"),
            new RowStateInfo(RowState.Pending, "pending", "not attempted", "No call for this row has begun: the batch stopped before it, or has not reached it; a resume sends it.", false, RowResend.Yes, Incomplete, NotVerified, "#5d4037"),
            new RowStateInfo(RowState.Invalid, "invalid", "invalid", "The CSV row holds no valid email address or phone number; nothing was sent.", true, RowResend.Never, Incomplete, 0, "#757575"),
            new RowStateInfo(RowState.Duplicate, "duplicate", "duplicate", "The same subject as an earlier row of the CSV; nothing was sent for this row.", true, RowResend.Never, 0, 0, "#9e9e9e"),
            new RowStateInfo(RowState.Found, "found", "looked up: found", "The row was looked up (a lookup batch), and Gong holds data for it; nothing was erased.", true, RowResend.Never, 0, 0, "#00838f"),
            new RowStateInfo(RowState.NothingFound, "nothing-found", "looked up: nothing found", "The row was looked up (a lookup batch), and Gong holds nothing for it.", true, RowResend.Never, 0, 0, "#006064"),
        };

        private static readonly Dictionary<RowState, RowStateInfo> ByState = All.ToDictionary(i => i.State);
        private static readonly Dictionary<string, RowState> ByName = All.ToDictionary(i => i.Name, i => i.State, StringComparer.Ordinal);

        /// <summary>A state's entry in the table.</summary>
        public static RowStateInfo Info(this RowState state) => ByState[state];

        /// <summary>A state's name in the journal and the machine-readable evidence.</summary>
        public static string Name(this RowState state) => ByState[state].Name;

        /// <summary>The state a journal name stands for; false for a name this version does not know.</summary>
        public static bool TryParse(string? name, out RowState state) => ByName.TryGetValue(name ?? string.Empty, out state);

        /// <summary>Whether a new run sends the row's call, given <c>--resend-in-doubt</c>.</summary>
        public static bool IsSentBy(this RowState state, bool resendInDoubt) => ByState[state].Resend switch
        {
            RowResend.Yes => true,
            RowResend.OnlyWhenResendingInDoubt => resendInDoubt,
            _ => false,
        };
    }
}
