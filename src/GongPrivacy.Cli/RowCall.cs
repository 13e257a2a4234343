using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli
{
    /// <summary>How one row's call ended.</summary>
    internal sealed record RowOutcome(RowState State, string Outcome, string? RequestId, GongApiException? Error, string? Detail, bool Interrupted);

    /// <summary>
    /// One call for one subject (a lookup or an erase) with its journal entries and its row's state moves. The erase's
    /// attempts come from the library's attempt observer (<see cref="EraseAttempts"/>), so the journal says "sent" only
    /// when a request was handed to the network, and "in doubt" only when the library says it may have reached Gong.
    /// </summary>
    internal sealed class RowCall
    {
        private readonly AuditJournal _journal;
        private readonly GongConnection _connection;
        private readonly Interruption _interruption;
        private readonly TimeProvider _time;
        private readonly string? _run;
        private readonly string _action;

        public RowCall(AuditJournal journal, GongConnection connection, Interruption interruption, TimeProvider time, string? run, string action)
        {
            _journal = journal;
            _connection = connection;
            _interruption = interruption;
            _time = time;
            _run = run;
            _action = action;
        }

        private bool IsErase => _action == "erase";

        public static async Task<ISubjectReferences> LookUpAsync(IGongDataPrivacyClient client, Subject subject, CancellationToken token) =>
            subject.Kind == SubjectKind.Email
                ? await client.GetDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                : await client.GetDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);

        /// <summary>The journal entry for an event of this row.</summary>
        public JournalEntry Entry(string journalEvent, Subject subject, string key, int? line) => new JournalEntry
        {
            Timestamp = _time.GetUtcNow(),
            Event = journalEvent,
            Run = _run,
            Line = line,
            Action = _action,
            Kind = subject.KindName,
            Subject = subject.Masked,
            Key = key,
        };

        public async Task<RowOutcome> RunAsync(RowStatus row, Subject subject, string key, int? line, bool resendInDoubt)
        {
            row.Start(resendInDoubt);
            _journal.Append(Entry(JournalEvents.Start, subject, key, line));
            var token = _interruption.Token;
            EraseCall? call = null;
            try
            {
                if (IsErase)
                {
                    call = new EraseCall(row, _journal, _interruption, e => Entry(e, subject, key, line));
                    BaseResponse erased;
                    using (_connection.Attempts.Track(subject.Value, call))
                    {
                        erased = subject.Kind == SubjectKind.Email
                            ? await _connection.Client.EraseDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                            : await _connection.Client.EraseDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);
                    }

                    return Done(row, subject, key, line, "accepted", erased.RequestId ?? call.AnsweredRequestId, null);
                }

                var data = await LookUpAsync(_connection.Client, subject, token).ConfigureAwait(false);
                return Done(row, subject, key, line, data.IsEmpty ? "none" : "found", data.RequestId, Report.CountMap(data));
            }
            catch (ErasureInDoubtException)
            {
                return InDoubt(row, subject, key, line, null, "the connection closed or failed after the erase was sent, or Gong answered with a server error; Gong may have accepted it");
            }
            catch (OperationCanceledException) when (_interruption.Requested)
            {
                if (row.State == RowState.InDoubt)
                {
                    return InDoubt(row, subject, key, line, null, "interrupted after the erase was sent, before an answer came", interrupted: true);
                }

                row.NotSent();
                var entry = Entry(JournalEvents.NotSent, subject, key, line);
                entry.Detail = "interrupted (" + _interruption.Signal + ") before the request was sent";
                _journal.Append(entry);
                return new RowOutcome(RowState.NotSent, "not sent", null, null, entry.Detail, Interrupted: true);
            }
            catch (GongApiException ex)
            {
                return Refused(row, subject, key, line, ex, call);
            }
        }

        private RowOutcome Done(RowStatus row, Subject subject, string key, int? line, string outcome, string? requestId, Dictionary<string, int>? counts)
        {
            row.Done(requestId);
            var entry = Entry(JournalEvents.Done, subject, key, line);
            entry.Outcome = outcome;
            entry.RequestId = requestId;
            entry.Counts = counts;
            _journal.Append(entry);
            return new RowOutcome(RowState.Done, outcome, requestId, null, null, false);
        }

        private RowOutcome InDoubt(RowStatus row, Subject subject, string key, int? line, GongApiException? ex, string why, bool interrupted = false)
        {
            row.InDoubt();
            var entry = Entry(JournalEvents.InDoubt, subject, key, line);
            entry.Status = ex?.StatusCode;
            entry.RequestId = ex?.RequestId;
            entry.Detail = why + ". Not sent again: verify it later (gong-privacy verify), or resume with --resend-in-doubt (Gong's erase is idempotent).";
            _journal.Append(entry);
            return new RowOutcome(RowState.InDoubt, "in doubt", ex?.RequestId, ex, entry.Detail, interrupted);
        }

        private RowOutcome Refused(RowStatus row, Subject subject, string key, int? line, GongApiException ex, EraseCall? call)
        {
            if (ex is GongCredentialException && row.State == RowState.NotSent)
            {
                // No token could be had: nothing was sent for this row, and it is not the row's fault.
                row.NotSent();
                var noToken = Entry(JournalEvents.NotSent, subject, key, line);
                noToken.Detail = "not sent: no token could be had (" + ((ex as GongCredentialException)?.Reason.ToString() ?? "token source failed") + ")";
                _journal.Append(noToken);
                return new RowOutcome(RowState.NotSent, "not sent", null, ex, noToken.Detail, false);
            }

            if (IsErase)
            {
                switch (row.State)
                {
                    case RowState.Done:
                        // Gong answered 2xx but the body could not be read: accepted all the same.
                        return Done(row, subject, key, line, "accepted", call?.AnsweredRequestId ?? ex.RequestId, null);
                    case RowState.InDoubt:
                        return InDoubt(row, subject, key, line, ex, ex.StatusCode == 0 ? "no answer came after the erase was sent (" + ex.Failure + ")" : "Gong answered " + ex.StatusCode + ", which may come after the work was done");
                }

                if (ex.StatusCode == 0)
                {
                    var notSent = Entry(JournalEvents.NotSent, subject, key, line);
                    notSent.Detail = "not sent: " + ex.Failure;
                    _journal.Append(notSent);
                    return new RowOutcome(RowState.NotSent, "not sent", null, ex, notSent.Detail, false);
                }
            }

            // Final only when Gong itself refused this subject. A call that never got Gong's answer (a host name that does not
            // resolve, a TLS failure: the operator fixes the URL) or was refused for its credential (401, 403) is tried again
            // on --resume.
            var retryable = ex.Outcome != GongOutcome.Refused || ex.StatusCode == 0 || ex.StatusCode == 401 || ex.StatusCode == 403;
            row.Failed(retryable);
            var entry = Entry(JournalEvents.Failed, subject, key, line);
            entry.Status = ex.StatusCode;
            entry.RequestId = ex.RequestId;
            entry.Retryable = retryable;
            entry.Detail = ex.StatusCode == 0 ? "Gong could not be reached: " + ex.Failure : ex.Message;
            _journal.Append(entry);
            return new RowOutcome(RowState.Failed, "failed", ex.RequestId, ex, entry.Detail, false);
        }
    }
}
