using System;
using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>How a row's call ends: its <c>end</c> entry, and what the run is told.</summary>
    internal sealed partial class RowCall
    {
        private const string InDoubtAdvice = " Not sent again: look the subject up later (gong-privacy verify, or batch verify), which settles it, or resume with --resend-in-doubt (Gong's erase is idempotent).";

        private RowEnd End(RowState state, string? requestId, string? detail, StopReason stop = StopReason.Finished, GongApiException? error = null, Dictionary<string, int>? counts = null, int? status = null, Action<JournalEntry>? more = null)
        {
            var entry = Entry(JournalEvent.End, state);
            entry.RequestId = requestId;
            entry.Detail = detail;
            entry.Counts = counts;
            more?.Invoke(entry);
            entry.Status = status ?? (error != null && error.Failure == null ? error.StatusCode : null);
            entry.GongOutcome = error?.Outcome;
            entry.Cause = error?.Cause;
            _run.Journal.Append(entry);
            lock (_gate)
            {
                _state = state;
            }

            return new RowEnd(state, requestId, detail, stop, entry.Status, counts, error) { Entry = entry };
        }

        /// <summary>The call failed as the library says; the run stops when every next row would fail the same way.</summary>
        private RowEnd Failed(RowState state, GongApiException ex)
        {
            var why = ex is GongCredentialException credential
                ? "no token could be had (" + credential.Reason + ")"
                : ex.Failure != null ? "Gong could not be reached: " + ex.Failure : ex.Message;
            var detail = state switch
            {
                RowState.InDoubt when IsErase => why + "." + InDoubtAdvice,
                RowState.NeedsSupport => "Gong refused the erase" + (ex.Errors.Count == 0 ? string.Empty : ": \"" + string.Join("; ", ex.Errors.Select(GongRedaction.Redact)) + "\"")
                    + ". It deleted nothing, and the same erase gets the same answer, so the tool never sends it again: Gong Support must carry it out ('gong-privacy report' lists its request id and time for them)",
                RowState.NotSent => "not sent: " + why,
                _ => why,
            };
            return End(state, ex.RequestId, detail, StopReasons.For(ex.Cause), ex);
        }

        /// <summary>Whether the call ended because the run was asked to stop (the library may end a cancelled wait for a 429 with that 429).</summary>
        private bool WasInterrupted(Exception ex) =>
            _run.Environment.Interruption.Requested
            && (ex is OperationCanceledException || (ex is GongApiException api && api.Outcome == GongOutcome.Retryable && _state is not (RowState.InDoubt or RowState.Accepted)));

        /// <summary>Stopped by Ctrl-C or SIGTERM: where the row stands is what its attempts left.</summary>
        private RowEnd Interrupted()
        {
            var signal = _run.Environment.Interruption.Signal;
            if (!IsErase)
            {
                return End(_kind == CallKind.Lookup ? RowState.NotSent : _state, null, "interrupted (" + signal + ") before the answer came", StopReason.Interrupted);
            }

            if (_state == RowState.InDoubt)
            {
                return End(RowState.InDoubt, null, "interrupted (" + signal + ") after the erase was sent, before an answer came." + InDoubtAdvice, StopReason.Interrupted);
            }

            var refused = _lastAnswer;
            if (refused != null && _state == RowState.Refused)
            {
                // Sent and refused, then interrupted while the library waited to send it again: Gong did not act on it.
                return End(RowState.Refused, refused.RequestId, "Gong answered " + refused.StatusCode + " (" + refused.Cause + "); interrupted (" + signal + ") while waiting to send it again", StopReason.Interrupted, status: refused.StatusCode);
            }

            return End(RowState.NotSent, null, "interrupted (" + signal + ") before the request was sent", StopReason.Interrupted);
        }
    }
}
