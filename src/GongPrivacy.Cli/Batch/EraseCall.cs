using System;

namespace GongPrivacy.Cli
{
    /// <summary>Thrown from the attempt observer instead of letting an erase that may already have reached Gong be sent again.</summary>
    internal sealed class ErasureInDoubtException : Exception
    {
        public ErasureInDoubtException()
            : base("An erase that may have reached Gong is not sent again without --resend-in-doubt.")
        {
        }
    }

    /// <summary>
    /// One erase call for one row, as the library's attempt observer reports it (<see cref="EraseAttempts"/>): it moves the
    /// row's state and writes the journal at the moment an attempt is handed to the network and when its outcome is
    /// known. The outcome is the library's (<see cref="GongOutcome"/>), recorded in the journal so that a resume reads it back.
    /// </summary>
    internal sealed class EraseCall
    {
        private readonly Func<string, JournalEntry> _entry;
        private readonly AuditJournal _journal;
        private readonly Interruption.CallScope _scope;
        private bool _attemptOpen;

        public EraseCall(RowStatus row, AuditJournal journal, Interruption.CallScope scope, Func<string, JournalEntry> entry)
        {
            Row = row;
            _journal = journal;
            _scope = scope;
            _entry = entry;
        }

        public RowStatus Row { get; }

        /// <summary>Gong's request id from the last 2xx answer's <c>x-traceid</c>.</summary>
        public string? AnsweredRequestId { get; private set; }

        /// <summary>The last answer's status and request id, for a row the run then stops.</summary>
        public GongAttempt? LastAnswer { get; private set; }

        /// <summary>Called after every wait, right before the attempt is handed to the network.</summary>
        public void BeforeWire()
        {
            if (Row.State == RowState.InDoubt)
            {
                // The library's retry must not resend an erase that may have been accepted: the tool decides, and only with --resend-in-doubt.
                throw new ErasureInDoubtException();
            }

            if (!_scope.TryBeginAttempt())
            {
                throw new OperationCanceledException(_scope.Token);
            }

            _attemptOpen = true;
            _journal.Append(_entry(JournalEvents.Sent));
            Row.Sent();
        }

        /// <summary>The attempt has an outcome, decided by the library.</summary>
        public void Completed(GongAttempt attempt)
        {
            if (!_attemptOpen)
            {
                return; // failed before it was handed to the network (no token): the row's call reports it
            }

            _attemptOpen = false;
            if (attempt.StatusCode != 0)
            {
                var entry = _entry(JournalEvents.Answered);
                entry.Status = attempt.StatusCode;
                entry.RequestId = attempt.RequestId;
                entry.GongOutcome = attempt.Outcome;
                _journal.Append(entry);
                Row.Answered(attempt.Outcome!.Value, attempt.RequestId);
                LastAnswer = attempt;
                if (attempt.Outcome == GongOutcome.Success)
                {
                    AnsweredRequestId = attempt.RequestId;
                }

                _scope.EndAttempt(cancelIfRequested: Row.State == RowState.NotSent);
                return;
            }

            if (!attempt.Sent)
            {
                var entry = _entry(JournalEvents.NotSent);
                entry.Detail = "the connection failed before the request was written: " + attempt.Failure;
                _journal.Append(entry);
                Row.AttemptNotWritten();
                _scope.EndAttempt(cancelIfRequested: true);
                return;
            }

            _scope.EndAttempt(cancelIfRequested: false);
        }
    }
}
