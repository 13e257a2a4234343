using System;
using System.Collections.Concurrent;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// The tool's attempt observer on its client: routes each erase attempt the library reports to the row whose subject it
    /// names. A batch keeps one call per subject in flight at most (duplicates are skipped), so the subject identifies the row.
    /// </summary>
    internal sealed class EraseAttempts : IGongAttemptObserver
    {
        private readonly ConcurrentDictionary<string, EraseCall> _calls = new ConcurrentDictionary<string, EraseCall>(StringComparer.Ordinal);

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
            private readonly ConcurrentDictionary<string, EraseCall> _calls;
            private readonly string _subject;

            public Scope(ConcurrentDictionary<string, EraseCall> calls, string subject)
            {
                _calls = calls;
                _subject = subject;
            }

            public void Dispose() => _calls.TryRemove(_subject, out _);
        }
    }
}
