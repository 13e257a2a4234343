using System;
using System.Collections.Generic;
using System.Threading;

namespace GongPrivacy.Cli.Runs
{
    /// <summary>
    /// Ctrl-C (SIGINT) and SIGTERM. A request to stop cancels at once whatever is only waiting (the rate limiter, a
    /// 429's Retry-After, a lookup, a batch's next row), but never an erase attempt on the wire: each erase call has its
    /// own scope (<see cref="BeginCall"/>), cancelled only once its attempt is off the wire, so that its row ends done,
    /// refused or truthfully in doubt. The run then stops and exits 130 (SIGINT) or 143 (SIGTERM).
    /// </summary>
    public sealed class Interruption : IDisposable
    {
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly HashSet<CallScope> _calls = new HashSet<CallScope>();

        /// <summary>0 until a stop is requested; then 130 for SIGINT, 143 for SIGTERM.</summary>
        public int ExitCode { get; private set; }

        /// <summary>The signal's name, for the message.</summary>
        public string? Signal { get; private set; }

        /// <summary>Whether a stop was requested.</summary>
        public bool Requested => ExitCode != 0;

        /// <summary>Cancelled as soon as a stop is requested: for everything but erase calls, which have their own scope.</summary>
        public CancellationToken Token => _cancel.Token;

        /// <summary>Asks the run to stop.</summary>
        /// <param name="exitCode">130 for SIGINT, 143 for SIGTERM.</param>
        /// <param name="signal">The signal's name.</param>
        public void Request(int exitCode, string signal)
        {
            List<CallScope> idle;
            lock (_gate)
            {
                if (ExitCode == 0)
                {
                    ExitCode = exitCode;
                    Signal = signal;
                }

                idle = new List<CallScope>();
                foreach (var call in _calls)
                {
                    if (!call.OnWire)
                    {
                        idle.Add(call);
                    }
                }
            }

            foreach (var call in idle)
            {
                call.Cancel();
            }

            Cancel(_cancel);
        }

        /// <inheritdoc />
        public void Dispose() => _cancel.Dispose();

        /// <summary>A scope for one erase call: its token is cancelled by a stop only while none of its attempts is on the wire.</summary>
        internal CallScope BeginCall()
        {
            var call = new CallScope(this);
            lock (_gate)
            {
                _calls.Add(call);
                if (ExitCode != 0)
                {
                    call.Cancel();
                }
            }

            return call;
        }

        private static void Cancel(CancellationTokenSource source)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>One erase call's share of the interruption.</summary>
        internal sealed class CallScope : IDisposable
        {
            private readonly Interruption _owner;
            private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

            public CallScope(Interruption owner) => _owner = owner;

            public CancellationToken Token => _cancel.Token;

            public bool OnWire { get; private set; }

            /// <summary>An attempt is about to go on the wire; false (and the call's waits cancelled) when a stop was requested.</summary>
            public bool TryBeginAttempt()
            {
                lock (_owner._gate)
                {
                    if (_owner.ExitCode == 0)
                    {
                        OnWire = true;
                        return true;
                    }

                    OnWire = false;
                }

                Cancel();
                return false;
            }

            /// <summary>The attempt is off the wire; when it was clearly refused the library will wait, and a requested stop cancels that wait.</summary>
            public void EndAttempt(bool cancelIfRequested)
            {
                bool cancel;
                lock (_owner._gate)
                {
                    OnWire = false;
                    cancel = _owner.ExitCode != 0 && cancelIfRequested;
                }

                if (cancel)
                {
                    Cancel();
                }
            }

            public void Cancel() => Interruption.Cancel(_cancel);

            public void Dispose()
            {
                lock (_owner._gate)
                {
                    _owner._calls.Remove(this);
                }

                _cancel.Dispose();
            }
        }
    }
}
