using System;
using System.Threading;

namespace GongPrivacy
{
    /// <summary>
    /// Observes the attempts of the calls one piece of code makes, without telling concurrent calls apart by their subject:
    /// every call made in the current asynchronous flow while the scope is open reports its attempts to the scope's
    /// observer, as well as to the client's own <see cref="GongDataPrivacyOptions.AttemptObserver"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// using (GongCallScope.Observe(rowJournal))
    /// {
    ///     await client.EraseDataForEmailAddressAsync(address);   // rowJournal hears this call's attempts, and no other's
    /// }
    /// </code>
    /// </example>
    /// <remarks>
    /// The scope flows like <see cref="System.Diagnostics.Activity.Current"/>: into the awaits and tasks started inside it,
    /// never into calls started elsewhere at the same time. Open it in the method that makes the call (not in one it awaits
    /// to set things up), and dispose it when the call ends.
    /// </remarks>
    public static class GongCallScope
    {
        private static readonly AsyncLocal<IGongAttemptObserver?> Ambient = new AsyncLocal<IGongAttemptObserver?>();

        /// <summary>The observer of the current scope, or <see langword="null"/> outside any.</summary>
        internal static IGongAttemptObserver? Current => Ambient.Value;

        /// <summary>Opens a scope: the calls made in this asynchronous flow until it is disposed report their attempts to <paramref name="observer"/>.</summary>
        /// <param name="observer">Hears each attempt before it is sent and with its outcome, as <see cref="IGongAttemptObserver"/> describes.</param>
        /// <returns>The scope; dispose it to stop observing (an enclosing scope's observer applies again).</returns>
        public static IDisposable Observe(IGongAttemptObserver observer)
        {
            if (observer == null)
            {
                throw new ArgumentNullException(nameof(observer));
            }

            var previous = Ambient.Value;
            Ambient.Value = observer;
            return new Scope(previous);
        }

        /// <summary>Both observers, the client's first; either may be null.</summary>
        internal static IGongAttemptObserver? Combine(IGongAttemptObserver? client, IGongAttemptObserver? scope) =>
            client == null ? scope : scope == null || ReferenceEquals(client, scope) ? client : new Both(client, scope);

        private sealed class Scope : IDisposable
        {
            private readonly IGongAttemptObserver? _previous;
            private bool _disposed;

            public Scope(IGongAttemptObserver? previous) => _previous = previous;

            public void Dispose()
            {
                if (!_disposed)
                {
                    _disposed = true;
                    Ambient.Value = _previous;
                }
            }
        }

        private sealed class Both : IGongAttemptObserver
        {
            private readonly IGongAttemptObserver _first;
            private readonly IGongAttemptObserver _second;

            public Both(IGongAttemptObserver first, IGongAttemptObserver second)
            {
                _first = first;
                _second = second;
            }

            public void OnSending(GongAttempt attempt)
            {
                _first.OnSending(attempt);
                _second.OnSending(attempt);
            }

            public void OnCompleted(GongAttempt attempt)
            {
                _first.OnCompleted(attempt);
                _second.OnCompleted(attempt);
            }
        }
    }
}
