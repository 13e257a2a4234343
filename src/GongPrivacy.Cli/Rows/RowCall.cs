using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Reports;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>
    /// One call for one row, with its journal entries: <c>start</c>, then for each attempt <c>sent</c> right before it is
    /// handed to the network (what the daily quota counts) and <c>answered</c> with the library's outcome, then <c>end</c>.
    /// It hears its own call's attempts through <see cref="GongCallScope"/>, keyed by the call, never by the subject's text.
    /// Every entry carries the row's state, decided by <see cref="RowMoves"/> from the library's outcome and cause.
    /// </summary>
    internal sealed partial class RowCall : IGongAttemptObserver
    {
        private readonly Run _run;
        private readonly RowRef _row;
        private readonly CallKind _kind;
        private readonly Interruption.CallScope? _scope;
        private readonly object _gate = new object();
        private RowState _state;
        private bool _attemptOpen;
        private GongAttempt? _lastAnswer;

        private RowCall(Run run, RowRef row, CallKind kind, RowState current, Interruption.CallScope? scope)
        {
            _run = run;
            _row = row;
            _kind = kind;
            _state = current;
            _scope = scope;
        }

        private bool IsErase => _kind == CallKind.Erase;

        /// <summary>Erases the row's subject. A row in doubt is sent again only because the operator asked (<c>--resend-in-doubt</c>).</summary>
        public static async Task<RowEnd> EraseAsync(Run run, RowRef row)
        {
            using var scope = run.Environment.Interruption.BeginCall();
            var call = new RowCall(run, row, CallKind.Erase, RowState.NotSent, scope);
            call.Write(JournalEvent.Start, call._state);
            try
            {
                BaseResponse erased;
                using (GongCallScope.Observe(call))
                {
                    erased = row.Subject.Kind == SubjectKind.Email
                        ? await run.Connection.Client.EraseDataForEmailAddressAsync(row.Subject.Value, scope.Token).ConfigureAwait(false)
                        : await run.Connection.Client.EraseDataForPhoneNumberAsync(row.Subject.Value, scope.Token).ConfigureAwait(false);
                }

                return call.End(RowState.Accepted, erased.RequestId, "accepted by Gong");
            }
            catch (Exception ex) when (call.WasInterrupted(ex))
            {
                return call.Interrupted();
            }
            catch (DailyQuotaUsedUpException ex)
            {
                return call.End(RowState.NotSent, null, "not sent: " + ex.Message, StopReason.DailyQuota);
            }
            catch (GongApiException ex)
            {
                return call.Failed(RowMoves.AfterErasureFailure(call._state, ex.MayHaveReachedGong, ex.Cause), ex);
            }
        }

        /// <summary>
        /// Looks the row's subject up: for a lookup batch, to verify an erase (then the row's state is <paramref name="current"/>),
        /// or for a plan (<paramref name="reviewOf"/> flags what an erase would reach). The end entry keeps the counts, the CRM
        /// systems that hold the subject, and a plan's flags and masked matches.
        /// </summary>
        public static async Task<(RowEnd End, ISubjectReferences? Data)> LookUpAsync(Run run, RowRef row, CallKind kind, RowState current, Func<ISubjectReferences, Review>? reviewOf = null)
        {
            var call = new RowCall(run, row, kind, kind == CallKind.Lookup ? RowState.NotSent : current, null);
            call.Write(JournalEvent.Start, call._state);
            var token = run.Environment.Interruption.Token;
            try
            {
                ISubjectReferences data;
                using (GongCallScope.Observe(call))
                {
                    data = row.Subject.Kind == SubjectKind.Email
                        ? await run.Connection.Client.GetDataForEmailAddressAsync(row.Subject.Value, token).ConfigureAwait(false)
                        : await run.Connection.Client.GetDataForPhoneNumberAsync(row.Subject.Value, token).ConfigureAwait(false);
                }

                var review = reviewOf?.Invoke(data);
                var state = RowMoves.AfterLookup(call._state, kind, data.IsEmpty, review?.Flags.Count > 0);
                var counts = Report.CountMap(data);
                var systems = PlanReview.Systems(data);
                var found = data.IsEmpty ? null : Report.Describe(counts);
                var detail = state == RowState.CameBack ? "came back from " + (systems.Count > 0 ? string.Join(", ", systems) : "calls and emails") + ": " + found
                    : review?.Flags.Count > 0 ? "flagged " + string.Join(", ", review.Flags) + ": " + found : found;
                return (call.End(state, data.RequestId, detail, counts: counts, more: e =>
                {
                    e.Systems = systems.Count == 0 ? null : systems;
                    e.Flags = review == null ? null : review.Flags.ToList();
                    e.Matches = review == null || review.Matches.Count == 0 ? null : review.Matches.ToList();
                }), data);
            }
            catch (Exception ex) when (call.WasInterrupted(ex))
            {
                return (call.Interrupted(), null);
            }
            catch (DailyQuotaUsedUpException ex)
            {
                return (call.End(call._state, null, "not looked up: " + ex.Message, StopReason.DailyQuota), null);
            }
            catch (GongApiException ex)
            {
                return (call.Failed(RowMoves.AfterLookupFailure(call._state, kind, ex.Cause), ex), null);
            }
        }

        /// <inheritdoc />
        public void OnSending(GongAttempt attempt)
        {
            if (!_run.Quota.TryTake())
            {
                throw new DailyQuotaUsedUpException(_run.Quota.Limit);
            }

            if (_scope != null && !_scope.TryBeginAttempt())
            {
                // A stop was requested while the call waited: this erase attempt never leaves.
                throw new OperationCanceledException(_scope.Token);
            }

            _run.NoteHost(attempt.Host);
            lock (_gate)
            {
                _attemptOpen = true;
                var sent = Entry(JournalEvent.Sent, IsErase ? RowMoves.ErasureOnTheWire : _state);
                sent.Attempt = attempt.Number;
                _run.Journal.Append(sent);
                _state = sent.State!.Value;
            }
        }

        /// <inheritdoc />
        public void OnCompleted(GongAttempt attempt)
        {
            lock (_gate)
            {
                if (!_attemptOpen && attempt.Failure != null)
                {
                    return; // failed before it was handed to the network (no token): the call's end says so
                }

                _attemptOpen = false;
                var state = IsErase ? RowMoves.AfterErasureAttempt(attempt.Outcome, attempt.Cause, attempt.Sent) : _state;
                var entry = Entry(JournalEvent.Answered, state);
                entry.Attempt = attempt.Number;
                entry.Status = attempt.Failure == null ? attempt.StatusCode : null;
                entry.RequestId = attempt.RequestId;
                entry.GongOutcome = attempt.Outcome;
                entry.Cause = attempt.Cause;
                entry.Detail = attempt.Failure;
                _run.Journal.Append(entry);
                _state = state;
                if (attempt.Failure == null)
                {
                    _lastAnswer = attempt;
                }
            }

            // A clear refusal means the library will wait before trying again: a requested stop cancels that wait.
            _scope?.EndAttempt(cancelIfRequested: _state is RowState.Refused or RowState.NotSent);
        }

        private JournalEntry Entry(JournalEvent journalEvent, RowState state) => _run.RowEntry(journalEvent, _row, state);

        private void Write(JournalEvent journalEvent, RowState state) => _run.Journal.Append(Entry(journalEvent, state));
    }
}
