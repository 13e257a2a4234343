using System;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// Where an OAuth credential keeps its tokens. Gong's refresh tokens are single-use, so the write is a compare-and-swap:
    /// "replace the tokens whose refresh token is X with these". Processes that share one store (several instances behind
    /// a load balancer) take <see cref="LockAsync"/> around a refresh and then swap; the loser of a race reads the winner's
    /// tokens instead of spending a refresh token twice.
    /// </summary>
    /// <remarks>
    /// Back it with a database row (<c>UPDATE … SET … WHERE refresh_token = @expected</c>, one row updated means success;
    /// the lock a <c>SELECT … FOR UPDATE</c> or an advisory lock) or with Redis (a Lua script that compares and sets; the
    /// lock <c>SET key value NX PX</c>). See the README, section OAuth.
    /// </remarks>
    public interface IGongTokenStore
    {
        /// <summary>Reads the current tokens.</summary>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <returns>The tokens, or <see langword="null"/> when the customer has not authorized yet.</returns>
        ValueTask<GongOAuthTokens?> ReadAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Stores <paramref name="tokens"/> only if the stored refresh token is still <paramref name="expectedRefreshToken"/>
        /// (or, when it is <see langword="null"/>, only if the store is empty).
        /// </summary>
        /// <param name="expectedRefreshToken">The refresh token that was spent to get <paramref name="tokens"/>.</param>
        /// <param name="tokens">The new tokens.</param>
        /// <param name="cancellationToken">Cancels the write.</param>
        /// <returns>Whether the tokens were stored; <see langword="false"/> when another writer got there first.</returns>
        ValueTask<bool> TryReplaceAsync(string? expectedRefreshToken, GongOAuthTokens tokens, CancellationToken cancellationToken);

        /// <summary>
        /// Takes the lock that writers sharing this store hold while they refresh, so that only one of them spends the
        /// refresh token. A store used by one process only may return a lock that does nothing: the credential already
        /// refreshes once per process.
        /// </summary>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>The lock; dispose it to release it.</returns>
        ValueTask<IDisposable> LockAsync(CancellationToken cancellationToken);
    }

    /// <summary>A token store in memory, for one process (tests, tools, single-instance workers); the tokens are lost when it ends.</summary>
    public sealed class GongInMemoryTokenStore : IGongTokenStore
    {
        private readonly object _gate = new object();
        private readonly SemaphoreSlim _refresh = new SemaphoreSlim(1, 1);
        private GongOAuthTokens? _tokens;

        /// <summary>Creates the store, empty or holding <paramref name="tokens"/>.</summary>
        /// <param name="tokens">The tokens to start with, if any.</param>
        public GongInMemoryTokenStore(GongOAuthTokens? tokens = null)
        {
            _tokens = tokens;
        }

        /// <inheritdoc />
        public ValueTask<GongOAuthTokens?> ReadAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return new ValueTask<GongOAuthTokens?>(_tokens);
            }
        }

        /// <inheritdoc />
        public ValueTask<bool> TryReplaceAsync(string? expectedRefreshToken, GongOAuthTokens tokens, CancellationToken cancellationToken)
        {
            if (tokens == null)
            {
                throw new ArgumentNullException(nameof(tokens));
            }

            lock (_gate)
            {
                if (!string.Equals(_tokens?.RefreshToken, expectedRefreshToken, StringComparison.Ordinal))
                {
                    return new ValueTask<bool>(false);
                }

                _tokens = tokens;
                return new ValueTask<bool>(true);
            }
        }

        /// <inheritdoc />
        public async ValueTask<IDisposable> LockAsync(CancellationToken cancellationToken)
        {
            // Several credentials in one process may share this store: one refresh at a time between them too.
            await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Releaser(_refresh);
        }

        /// <summary>Describes the store without showing a token.</summary>
        /// <returns>Whether it holds tokens.</returns>
        public override string ToString() => "GongInMemoryTokenStore(" + (_tokens == null ? "empty" : "holds tokens") + ")";

        private sealed class Releaser : IDisposable
        {
            private SemaphoreSlim? _semaphore;

            public Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

            public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
        }
    }
}
