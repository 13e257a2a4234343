using System;
using System.Collections.Generic;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// Where a subject's row stands. At every moment the state is what would be true if the process died right then,
    /// which is why a row being waited on is <see cref="NotSent"/> and a row on the wire is <see cref="InDoubt"/>.
    /// </summary>
    internal enum RowState
    {
        /// <summary>No run has touched the row.</summary>
        Pending,

        /// <summary>Nothing of this row left the process (or Gong clearly refused it, 429/503/408): a resume sends it normally.</summary>
        NotSent,

        /// <summary>The erase may have reached Gong and no clear answer came back: it is sent again only with <c>--resend-in-doubt</c>.</summary>
        InDoubt,

        /// <summary>Gong answered 2xx: accepted (erase) or answered (lookup).</summary>
        Done,

        /// <summary>Gong answered with a refusal; <see cref="RowStatus.Retryable"/> says whether a resume tries again.</summary>
        Failed,

        /// <summary>The CSV row is not a subject.</summary>
        Invalid,
    }

    /// <summary>The journal's event names, in one place.</summary>
    internal static class JournalEvents
    {
        /// <summary>The first entry of a journal: its key's fingerprint.</summary>
        public const string Created = "journal-created";
        public const string BatchStart = "batch-start";
        public const string Resume = "resume";
        public const string BatchEnd = "batch-end";
        public const string BatchPaused = "batch-paused";

        /// <summary>A batch stopped early for a reason that needs a person (credentials, Gong out of reach).</summary>
        public const string BatchStopped = "batch-stopped";

        /// <summary>One row of the batch's CSV (masked subject and keyed hash), written when the batch starts, so every row is in the evidence.</summary>
        public const string Row = "row";
        public const string Interrupted = "interrupted";
        public const string QuotaStop = "quota-stop";
        public const string Repaired = "repaired";
        public const string Invalid = "invalid";
        public const string Duplicate = "duplicate";
        public const string DryRun = "dry-run";
        public const string Declined = "declined";

        /// <summary>A row's call begins (it may first wait for the rate limiter or a retry); nothing has left yet.</summary>
        public const string Start = "start";

        /// <summary>An erase attempt is about to be written to the socket (after every wait).</summary>
        public const string Sent = "sent";

        /// <summary>An erase attempt got an HTTP answer (status, request id).</summary>
        public const string Answered = "answered";

        /// <summary>The row's call ended with nothing sent (a connection that failed before the request, an interruption while waiting).</summary>
        public const string NotSent = "not-sent";
        public const string Done = "done";
        public const string Failed = "failed";
        public const string InDoubt = "in-doubt";
    }

    /// <summary>
    /// One row's state machine: the moves between <see cref="RowState"/>s that the journal's events stand for. The
    /// same moves are made live (as the events are written) and on resume (as they are read back), so a resumed run
    /// sees exactly what the dead one would have reported.
    /// </summary>
    internal sealed class RowStatus
    {
        public RowState State { get; private set; } = RowState.Pending;

        /// <summary>For <see cref="RowState.Failed"/>: whether a resume sends the row again (429 after retries, 401/403, 5xx of a lookup).</summary>
        public bool Retryable { get; private set; }

        /// <summary>Gong's request id once <see cref="RowState.Done"/>, when it was known.</summary>
        public string? RequestId { get; private set; }

        /// <summary>Whether a new run sends this row; in-doubt rows only when the user said <c>--resend-in-doubt</c>.</summary>
        public bool ShouldSend(bool resendInDoubt) => State switch
        {
            RowState.Pending or RowState.NotSent => true,
            RowState.Failed => Retryable,
            RowState.InDoubt => resendInDoubt,
            _ => false,
        };

        /// <summary>
        /// The one place that decides whether a row Gong refused is sent again by a resume: what the library decided
        /// (<see cref="GongOutcome.Refused"/> is final), with two additions: a row refused for its credential (401, 403) is
        /// worth resuming once the credential is fixed, and so is a call that never got Gong's answer (status 0: a host name
        /// that does not resolve, a TLS failure), once the operator fixes the URL.
        /// </summary>
        public static bool IsRetryable(GongOutcome outcome, int status) => outcome != GongOutcome.Refused || status == 0 || status == 401 || status == 403;

        /// <summary>A call for the row begins. Allowed from every state a new run sends.</summary>
        public void Start(bool resendInDoubt)
        {
            if (!ShouldSend(resendInDoubt))
            {
                throw Illegal(JournalEvents.Start);
            }

            State = RowState.NotSent;
        }

        /// <summary>An erase attempt goes on the wire. Refused (the caller must not send) when the row is already in doubt.</summary>
        public void Sent()
        {
            if (State != RowState.NotSent)
            {
                throw Illegal(JournalEvents.Sent);
            }

            State = RowState.InDoubt;
        }

        /// <summary>An erase attempt got an answer; the library's outcome decides where the row goes.</summary>
        public void Answered(GongOutcome outcome, string? requestId)
        {
            if (State != RowState.InDoubt)
            {
                throw Illegal(JournalEvents.Answered);
            }

            Apply(outcome, requestId);
        }

        /// <summary>The call ended with nothing sent: connect failed before the request, or the run was interrupted while waiting.</summary>
        public void NotSent()
        {
            if (State != RowState.NotSent)
            {
                throw Illegal(JournalEvents.NotSent);
            }
        }

        /// <summary>The attempt on the wire failed before its request was written (refused, name not found, TLS).</summary>
        public void AttemptNotWritten()
        {
            if (State != RowState.InDoubt)
            {
                throw Illegal(JournalEvents.NotSent);
            }

            State = RowState.NotSent;
        }

        /// <summary>The call succeeded.</summary>
        public void Done(string? requestId)
        {
            if (State is RowState.Pending or RowState.Invalid or RowState.Failed)
            {
                throw Illegal(JournalEvents.Done);
            }

            State = RowState.Done;
            RequestId = requestId ?? RequestId;
        }

        /// <summary>The call failed with the library's outcome and Gong's status (0: no answer).</summary>
        public void Failed(GongOutcome outcome, int status)
        {
            if (State is RowState.Pending or RowState.Invalid or RowState.Done)
            {
                throw Illegal(JournalEvents.Failed);
            }

            State = RowState.Failed;
            Retryable = IsRetryable(outcome, status);
        }

        /// <summary>The erase may have reached Gong and no clear answer will come.</summary>
        public void InDoubt()
        {
            if (State is RowState.Pending or RowState.Invalid or RowState.Done)
            {
                throw Illegal(JournalEvents.InDoubt);
            }

            State = RowState.InDoubt;
        }

        /// <summary>The CSV row is not a subject.</summary>
        public void Invalid()
        {
            if (State != RowState.Pending && State != RowState.Invalid)
            {
                throw Illegal(JournalEvents.Invalid);
            }

            State = RowState.Invalid;
        }

        /// <summary>
        /// Replays one journal entry. <paramref name="legacy"/> is a journal written before <c>sent</c> existed, where a
        /// <c>start</c> with no outcome meant the erase may have been sent.
        /// </summary>
        public void Replay(JournalEntry entry, bool legacy, bool erase)
        {
            switch (entry.Event)
            {
                case JournalEvents.Start:
                    State = legacy && erase ? RowState.InDoubt : RowState.NotSent;
                    break;
                case JournalEvents.Sent:
                    State = RowState.InDoubt;
                    break;
                case JournalEvents.Answered when entry.Status is int status:
                    Apply(entry.GongOutcome ?? LegacyOutcome(status), entry.RequestId);
                    break;
                case JournalEvents.NotSent:
                    State = RowState.NotSent;
                    break;
                case JournalEvents.Done:
                    State = RowState.Done;
                    RequestId = entry.RequestId ?? RequestId;
                    break;
                case JournalEvents.Failed:
                    // A "failed" after an accepted answer cannot happen; never let it turn an accepted erase back into one to send.
                    if (State != RowState.Done)
                    {
                        State = RowState.Failed;
                        Retryable = entry.GongOutcome is GongOutcome outcome ? IsRetryable(outcome, entry.Status ?? 0) : entry.Retryable == true;
                    }

                    break;
                case JournalEvents.InDoubt:
                    if (State != RowState.Done)
                    {
                        State = RowState.InDoubt;
                    }

                    break;
            }
        }

        /// <summary>The rows of a journal by subject key, replayed.</summary>
        public static Dictionary<string, RowStatus> ReplayAll(IEnumerable<JournalEntry> entries, bool legacy, bool erase)
        {
            var rows = new Dictionary<string, RowStatus>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry.Key == null)
                {
                    continue;
                }

                if (!rows.TryGetValue(entry.Key, out var row))
                {
                    row = new RowStatus();
                    rows[entry.Key] = row;
                }

                row.Replay(entry, legacy, erase);
            }

            return rows;
        }

        /// <summary>
        /// The outcome of an <c>answered</c> entry written before the journal recorded the library's outcome (older
        /// versions): the same reading of the status the library's classifier makes.
        /// </summary>
        internal static GongOutcome LegacyOutcome(int status) =>
            status >= 200 && status < 300 ? GongOutcome.Success
            : status == 429 || status == 503 || status == 408 ? GongOutcome.Retryable
            : status >= 400 && status < 500 ? GongOutcome.Refused
            : GongOutcome.MayHaveReachedGong;

        /// <summary>Where an answered attempt leaves the row: done, back to not sent (Gong did not act on it), or in doubt.</summary>
        private void Apply(GongOutcome outcome, string? requestId)
        {
            switch (outcome)
            {
                case GongOutcome.Success:
                    State = RowState.Done;
                    RequestId = requestId;
                    break;
                case GongOutcome.Refused:
                case GongOutcome.Retryable:
                    State = RowState.NotSent;
                    break;
                default:
                    State = RowState.InDoubt;
                    break;
            }
        }

        private InvalidOperationException Illegal(string move) => new InvalidOperationException("A row in state " + State + " cannot take '" + move + "'.");
    }
}
