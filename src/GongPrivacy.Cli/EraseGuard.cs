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
    /// One erase call for one row, as the wire handler sees it: it moves the row's state and writes the journal at the
    /// moment an attempt goes on the wire and when it comes back.
    /// </summary>
    internal sealed class EraseCall
    {
        private static readonly AsyncLocal<EraseCall?> CurrentCall = new AsyncLocal<EraseCall?>();
        private readonly Func<string, JournalEntry> _entry;
        private readonly AuditJournal _journal;
        private readonly Interruption _interruption;

        public EraseCall(RowStatus row, AuditJournal journal, Interruption interruption, Func<string, JournalEntry> entry)
        {
            Row = row;
            _journal = journal;
            _interruption = interruption;
            _entry = entry;
        }

        /// <summary>The erase call in progress on this async flow, if any.</summary>
        public static EraseCall? Current
        {
            get => CurrentCall.Value;
            set => CurrentCall.Value = value;
        }

        public RowStatus Row { get; }

        /// <summary>Gong's request id from the last answer's <c>x-traceid</c>.</summary>
        public string? AnsweredRequestId { get; private set; }

        /// <summary>Called after every wait, right before the attempt is written to the socket.</summary>
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

            _journal.Append(_entry(JournalEvents.Sent));
            Row.Sent();
        }

        /// <summary>The attempt got an answer.</summary>
        public void Answered(int status, string? requestId)
        {
            var entry = _entry(JournalEvents.Answered);
            entry.Status = status;
            entry.RequestId = requestId;
            _journal.Append(entry);
            Row.Answered(status, requestId);
            if (status >= 200 && status < 300)
            {
                AnsweredRequestId = requestId;
            }

            _interruption.EndAttempt(cancelIfRequested: Row.State == RowState.NotSent);
        }

        /// <summary>The attempt got no answer.</summary>
        public void NoAnswer(Exception failure)
        {
            if (GongConnectionFailure.NeverLeftTheProcess(failure))
            {
                var entry = _entry(JournalEvents.NotSent);
                entry.Detail = "the connection failed before the request was written: " + GongConnectionFailure.Describe(failure);
                _journal.Append(entry);
                Row.AttemptNotWritten();
                _interruption.EndAttempt(cancelIfRequested: true);
                return;
            }

            _interruption.EndAttempt(cancelIfRequested: false);
        }
    }

    /// <summary>
    /// The tool's handler inside the library's pipeline (after the rate limiter and authentication, right before the
    /// socket): it lets the journal record the moment an erase goes on the wire.
    /// </summary>
    internal sealed class EraseWireHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = EraseCall.Current;
            if (call == null || request.Method != HttpMethod.Post)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            call.BeforeWire();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                call.NoAnswer(ex);
                throw;
            }

            var requestId = response.Headers.TryGetValues("x-traceid", out var values) ? values.FirstOrDefault() : null;
            call.Answered((int)response.StatusCode, requestId);
            return response;
        }
    }
}
