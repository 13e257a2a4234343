using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli
{
    /// <summary>How one row's call ended: what it came to, the row's state, and what Gong said.</summary>
    internal sealed record RowDone(RowResult Result, RowState State, string? RequestId, GongApiException? Error, string? Detail, bool Interrupted, Dictionary<string, int>? Counts = null, int? AnsweredStatus = null)
    {
        /// <summary>Gong's status when it answered, else 0.</summary>
        public int Status => Error?.StatusCode ?? AnsweredStatus ?? 0;
    }

    /// <summary>
    /// One call for one subject (a lookup or an erase) with its journal entries and its row's state moves. The erase's
    /// attempts come from the library's attempt observer (<see cref="EraseAttempts"/>), so the journal says "sent" only
    /// when a request was handed to the network, and "in doubt" only when the library says it may have reached Gong.
    /// </summary>
    internal sealed class RowCall
    {
        private readonly AuditJournal _journal;
        private readonly GongConnection _connection;
        private readonly CliEnvironment? _environment;
        private readonly Interruption _interruption;
        private readonly TimeProvider _time;
        private readonly string? _run;
        private readonly BatchAction _action;

        public RowCall(AuditJournal journal, GongConnection connection, Interruption interruption, TimeProvider time, string? run, BatchAction action, CliEnvironment? environment = null)
        {
            _environment = environment;
            _journal = journal;
            _connection = connection;
            _interruption = interruption;
            _time = time;
            _run = run;
            _action = action;
        }

        private bool IsErase => _action == BatchAction.Erase;

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
            Action = _action.Name(),
            Kind = subject.KindName,
            Subject = subject.Masked,
            Key = key,
        };

        public async Task<RowDone> RunAsync(RowStatus row, Subject subject, string key, int? line, bool resendInDoubt)
        {
            row.Start(resendInDoubt);
            var start = Entry(JournalEvents.Start, subject, key, line);
            if (_run == null)
            {
                // A single erase is its own run: where it went, and with which version, as a batch's opening entry says.
                if (_environment != null)
                {
                    RunContext.Describe(start, _environment, _connection);
                }
            }

            _journal.Append(start);
            using var scope = _interruption.BeginCall();
            var token = IsErase ? scope.Token : _interruption.Token;
            EraseCall? call = null;
            try
            {
                if (IsErase)
                {
                    call = new EraseCall(row, _journal, scope, e => Entry(e, subject, key, line));
                    BaseResponse erased;
                    using (_connection.Attempts.Track(subject.Value, call))
                    {
                        erased = subject.Kind == SubjectKind.Email
                            ? await _connection.Client.EraseDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                            : await _connection.Client.EraseDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);
                    }

                    return Done(row, subject, key, line, RowResult.Accepted, erased.RequestId ?? call.AnsweredRequestId, null);
                }

                var data = await LookUpAsync(_connection.Client, subject, token).ConfigureAwait(false);
                return Done(row, subject, key, line, data.IsEmpty ? RowResult.None : RowResult.Found, data.RequestId, Report.CountMap(data));
            }
            catch (ErasureInDoubtException)
            {
                return InDoubt(row, subject, key, line, null, "the erase may have reached Gong and the library was about to send it again; it is not sent again");
            }
            catch (Exception ex) when (_interruption.Requested && (ex is OperationCanceledException || (ex is GongApiException api && api.Outcome == GongOutcome.Retryable && row.State != RowState.InDoubt && row.State != RowState.Done)))
            {
                // Interrupted while waiting (the library may end a cancelled Retry-After wait with the 429 it waited on).
                if (row.State == RowState.InDoubt)
                {
                    return InDoubt(row, subject, key, line, null, "interrupted after the erase was sent, before an answer came", interrupted: true);
                }

                row.NotSent();
                var entry = Entry(JournalEvents.NotSent, subject, key, line);
                var answered = call?.LastAnswer;
                entry.Status = answered?.StatusCode;
                entry.RequestId = answered?.RequestId;
                entry.Detail = answered == null
                    ? "interrupted (" + _interruption.Signal + ") before the request was sent"
                    : "sent, refused (" + answered.StatusCode + "); interrupted (" + _interruption.Signal + ") while waiting to send it again";
                _journal.Append(entry);

                // Sent and refused, then interrupted: the tally and the row line say so, as the evidence does; the row is
                // not sent again by this run, and a resume sends it (Gong refused it).
                return answered == null
                    ? new RowDone(RowResult.NotSent, RowState.NotSent, null, null, entry.Detail, Interrupted: true)
                    : new RowDone(RowResult.Refused, RowState.NotSent, answered.RequestId, null, "interrupted (" + _interruption.Signal + ") while waiting to send it again; a resume sends it", Interrupted: true, AnsweredStatus: answered.StatusCode);
            }
            catch (GongApiException ex)
            {
                return Refused(row, subject, key, line, ex, call);
            }
        }

        private RowDone Done(RowStatus row, Subject subject, string key, int? line, RowResult result, string? requestId, Dictionary<string, int>? counts)
        {
            row.Done(requestId);
            var entry = Entry(JournalEvents.Done, subject, key, line);
            entry.Outcome = Tally.Name(result);
            entry.RequestId = requestId;
            entry.Counts = counts;
            _journal.Append(entry);
            return new RowDone(result, RowState.Done, requestId, null, null, false, counts);
        }

        private RowDone InDoubt(RowStatus row, Subject subject, string key, int? line, GongApiException? ex, string why, bool interrupted = false)
        {
            row.InDoubt();
            var entry = Entry(JournalEvents.InDoubt, subject, key, line);
            entry.Status = ex?.StatusCode;
            entry.RequestId = ex?.RequestId;
            entry.GongOutcome = ex?.Outcome;
            entry.Detail = why + ". Not sent again: verify it later (gong-privacy verify), or resume with --resend-in-doubt (Gong's erase is idempotent).";
            _journal.Append(entry);
            return new RowDone(RowResult.InDoubt, RowState.InDoubt, ex?.RequestId, ex, entry.Detail, interrupted);
        }

        private RowDone Refused(RowStatus row, Subject subject, string key, int? line, GongApiException ex, EraseCall? call)
        {
            if (ex is GongCredentialException && row.State == RowState.NotSent)
            {
                // No token could be had: nothing was sent for this row, and it is not the row's fault.
                row.NotSent();
                var noToken = Entry(JournalEvents.NotSent, subject, key, line);
                noToken.Detail = "not sent: no token could be had (" + ((GongCredentialException)ex).Reason + ")";
                _journal.Append(noToken);
                return new RowDone(RowResult.NotSent, RowState.NotSent, null, ex, noToken.Detail, false);
            }

            if (IsErase)
            {
                switch (row.State)
                {
                    case RowState.Done:
                        // Gong answered 2xx but the body could not be read: accepted all the same.
                        return Done(row, subject, key, line, RowResult.Accepted, call?.AnsweredRequestId ?? ex.RequestId, null);
                    case RowState.InDoubt:
                        return InDoubt(row, subject, key, line, ex, ex.StatusCode == 0 ? "no answer came after the erase was sent (" + ex.Failure + ")" : "Gong answered " + ex.StatusCode + ", which may come after the work was done");
                }

                if (ex.StatusCode == 0)
                {
                    var notSent = Entry(JournalEvents.NotSent, subject, key, line);
                    notSent.Detail = "not sent: " + ex.Failure;
                    _journal.Append(notSent);
                    return new RowDone(RowResult.NotSent, RowState.NotSent, null, ex, notSent.Detail, false);
                }
            }

            row.Failed(ex.Outcome, ex.StatusCode);
            var entry = Entry(JournalEvents.Failed, subject, key, line);
            entry.Status = ex.StatusCode;
            entry.RequestId = ex.RequestId;
            entry.GongOutcome = ex.Outcome;
            entry.Retryable = row.Retryable;
            entry.Detail = ex.StatusCode == 0 ? "Gong could not be reached: " + ex.Failure : ex.Message;
            _journal.Append(entry);
            var refused = ex.StatusCode != 0 && (ex.Outcome == GongOutcome.Refused || ex.Outcome == GongOutcome.Retryable);
            return new RowDone(refused ? RowResult.Refused : RowResult.Failed, RowState.Failed, ex.RequestId, ex, entry.Detail, false);
        }
    }
}
