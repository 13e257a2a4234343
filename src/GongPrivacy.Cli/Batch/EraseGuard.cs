using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// Ctrl-C (SIGINT) and SIGTERM. A request to stop cancels at once whatever is only waiting (the rate limiter, a
    /// 429's Retry-After, a lookup), but never an erase attempt on the wire: that one is let finish, so that its row
    /// ends done, refused or truthfully in doubt. The run then stops and exits 130 (SIGINT) or 143 (SIGTERM).
    /// </summary>
    public sealed class Interruption : IDisposable
    {
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private bool _onWire;

        /// <summary>0 until a stop is requested; then 130 for SIGINT, 143 for SIGTERM.</summary>
        public int ExitCode { get; private set; }

        /// <summary>The signal's name, for the message.</summary>
        public string? Signal { get; private set; }

        /// <summary>Whether a stop was requested.</summary>
        public bool Requested => ExitCode != 0;

        /// <summary>Cancelled as soon as nothing is on the wire after a stop was requested.</summary>
        public CancellationToken Token => _cancel.Token;

        /// <summary>Asks the run to stop.</summary>
        /// <param name="exitCode">130 for SIGINT, 143 for SIGTERM.</param>
        /// <param name="signal">The signal's name.</param>
        public void Request(int exitCode, string signal)
        {
            bool cancel;
            lock (_gate)
            {
                if (ExitCode == 0)
                {
                    ExitCode = exitCode;
                    Signal = signal;
                }

                cancel = !_onWire;
            }

            if (cancel)
            {
                Cancel();
            }
        }

        /// <inheritdoc />
        public void Dispose() => _cancel.Dispose();

        /// <summary>An erase attempt is about to go on the wire; false (and the waits cancelled) when a stop was requested.</summary>
        internal bool TryBeginAttempt()
        {
            lock (_gate)
            {
                if (ExitCode != 0)
                {
                    _onWire = false;
                }
                else
                {
                    _onWire = true;
                    return true;
                }
            }

            Cancel();
            return false;
        }

        /// <summary>The attempt is off the wire; when it was clearly refused the library will wait, and a requested stop cancels that wait.</summary>
        internal void EndAttempt(bool cancelIfRequested)
        {
            bool cancel;
            lock (_gate)
            {
                _onWire = false;
                cancel = ExitCode != 0 && cancelIfRequested;
            }

            if (cancel)
            {
                Cancel();
            }
        }

        private void Cancel()
        {
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Thrown by the tool's own handler instead of sending again an erase that may already have reached Gong.</summary>
    internal sealed class ErasureInDoubtException : Exception
    {
        public ErasureInDoubtException()
            : base("An erase that may have reached Gong is not sent again without --resend-in-doubt.")
        {
        }
    }

    /// <summary>
    /// One erase call for one row, as the library's attempt observer reports it (<see cref="EraseAttempts"/>): it moves the
    /// row's state and writes the journal at the moment an attempt is handed to the network and when its outcome is known.
    /// </summary>
    internal sealed class EraseCall
    {
        private readonly Func<string, JournalEntry> _entry;
        private readonly AuditJournal _journal;
        private readonly Interruption _interruption;
        private bool _attemptOpen;

        public EraseCall(RowStatus row, AuditJournal journal, Interruption interruption, Func<string, JournalEntry> entry)
        {
            Row = row;
            _journal = journal;
            _interruption = interruption;
            _entry = entry;
        }

        public RowStatus Row { get; }

        /// <summary>Gong's request id from the last 2xx answer's <c>x-traceid</c>.</summary>
        public string? AnsweredRequestId { get; private set; }

        /// <summary>Called after every wait, right before the attempt is handed to the network.</summary>
        public void BeforeWire()
        {
            if (Row.State == RowState.InDoubt)
            {
                // The library's retry must not resend an erase that may have been accepted: the tool decides, and only with --resend-in-doubt.
                throw new ErasureInDoubtException();
            }

            if (!_interruption.TryBeginAttempt())
            {
                throw new OperationCanceledException(_interruption.Token);
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
                _journal.Append(entry);
                Row.Answered(attempt.Outcome!.Value, attempt.RequestId);
                if (attempt.Outcome == GongOutcome.Success)
                {
                    AnsweredRequestId = attempt.RequestId;
                }

                _interruption.EndAttempt(cancelIfRequested: Row.State == RowState.NotSent);
                return;
            }

            if (!attempt.Sent)
            {
                var entry = _entry(JournalEvents.NotSent);
                entry.Detail = "the connection failed before the request was written: " + attempt.Failure;
                _journal.Append(entry);
                Row.AttemptNotWritten();
                _interruption.EndAttempt(cancelIfRequested: true);
                return;
            }

            _interruption.EndAttempt(cancelIfRequested: false);
        }
    }

    /// <summary>
    /// The tool's attempt observer on its client: routes each erase attempt the library reports to the row whose subject it
    /// names. One call per subject is in flight at a time, so the subject identifies the row.
    /// </summary>
    internal sealed class EraseAttempts : IGongAttemptObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EraseCall> _calls = new System.Collections.Concurrent.ConcurrentDictionary<string, EraseCall>(StringComparer.Ordinal);

        /// <summary>Routes the attempts for <paramref name="subject"/> to <paramref name="call"/> until the returned scope is disposed.</summary>
        public IDisposable Track(string subject, EraseCall call)
        {
            if (!_calls.TryAdd(subject, call))
            {
                throw new InvalidOperationException("Two erase calls for one subject at once.");
            }

            return new Scope(_calls, subject);
        }

        /// <inheritdoc />
        public void OnSending(GongAttempt attempt)
        {
            if (attempt.Method == "POST" && attempt.Subject != null && _calls.TryGetValue(attempt.Subject, out var call))
            {
                call.BeforeWire();
            }
        }

        /// <inheritdoc />
        public void OnCompleted(GongAttempt attempt)
        {
            if (attempt.Method == "POST" && attempt.Subject != null && _calls.TryGetValue(attempt.Subject, out var call))
            {
                call.Completed(attempt);
            }
        }

        private sealed class Scope : IDisposable
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EraseCall> _calls;
            private readonly string _subject;

            public Scope(System.Collections.Concurrent.ConcurrentDictionary<string, EraseCall> calls, string subject)
            {
                _calls = calls;
                _subject = subject;
            }

            public void Dispose() => _calls.TryRemove(_subject, out _);
        }
    }
}
