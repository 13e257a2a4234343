using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>What the authentication handler sends: the header, and the customer's own host when the credential knows it.</summary>
    internal sealed class GongAuthorization
    {
        public GongAuthorization(AuthenticationHeaderValue header, string? customerBaseUrl)
        {
            Header = header;
            CustomerBaseUrl = customerBaseUrl;
        }

        public AuthenticationHeaderValue Header { get; }

        /// <summary>Gong's <c>api_base_url_for_customer</c>, normalised to end in <c>/v2/</c>; null for other credentials.</summary>
        public string? CustomerBaseUrl { get; }
    }

    /// <summary>
    /// An OAuth credential: reads the tokens from the store, refreshes them ahead of expiry (and once after a 401), one
    /// refresh at a time per credential and, through <see cref="IGongTokenStore.LockAsync"/>, per store. New tokens are
    /// stored before any call uses them. A refresh token is never sent twice by this credential.
    /// </summary>
    internal sealed class GongOAuthCredential : GongCredential
    {
        private readonly GongOAuthClient _client;
        private readonly IGongTokenStore _store;
        private readonly TimeSpan _refreshAhead;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly string _fingerprint;
        private GongOAuthTokens? _current;
        private string? _inDoubt;
        private string? _deadRefreshToken;
        private (string Replaces, GongOAuthTokens Tokens)? _unsaved;
        private int _refreshes;

        public GongOAuthCredential(GongOAuthClient client, IGongTokenStore store, TimeSpan refreshAhead)
        {
            _client = client;
            _store = store;
            _refreshAhead = refreshAhead;
            _fingerprint = client.Fingerprint + ":" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(store).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public override string Kind => "OAuth";

        internal override string Fingerprint => _fingerprint;

        /// <summary>How many refreshes this credential sent to the token endpoint.</summary>
        internal int Refreshes => Volatile.Read(ref _refreshes);

        public override async ValueTask<AuthenticationHeaderValue> GetAuthorizationAsync(CancellationToken cancellationToken) =>
            (await AuthorizeAsync(cancellationToken).ConfigureAwait(false)).Header;

        internal override async ValueTask<GongAuthorization> AuthorizeAsync(CancellationToken cancellationToken)
        {
            var tokens = Volatile.Read(ref _current);
            if (tokens == null || !IsFresh(tokens))
            {
                tokens = await RefreshAsync(rejectedAccessToken: null, cancellationToken).ConfigureAwait(false);
            }

            return ToAuthorization(tokens);
        }

        internal override async ValueTask<GongAuthorization?> AuthorizeAfterRejectionAsync(GongAuthorization rejected, CancellationToken cancellationToken)
        {
            var tokens = await RefreshAsync(rejected.Header.Parameter, cancellationToken).ConfigureAwait(false);
            return ToAuthorization(tokens);
        }

        private static GongAuthorization ToAuthorization(GongOAuthTokens tokens) =>
            new GongAuthorization(new AuthenticationHeaderValue("Bearer", tokens.AccessToken), CustomerHost(tokens.ApiBaseUrlForCustomer));

        /// <summary>
        /// The customer's host the tokens name, normalised, once it is known to be Gong's: <c>gong.io</c> or a host under it
        /// (https), or loopback (a local fake). Any other host is refused before anything is sent to it, since every call
        /// would carry the bearer token and the subject there.
        /// </summary>
        internal static string? CustomerHost(string? apiBaseUrlForCustomer)
        {
            if (apiBaseUrlForCustomer == null)
            {
                return null;
            }

            string normalized;
            try
            {
                normalized = GongBaseUrl.Normalize(apiBaseUrlForCustomer);
            }
            catch (ArgumentException)
            {
                normalized = string.Empty;
            }

            var host = Uri.TryCreate(normalized, UriKind.Absolute, out var uri) ? uri.Host : null;
            if (host != null && (GongLimits.IsGongHost(host) || uri!.IsLoopback))
            {
                return normalized;
            }

            var named = Uri.TryCreate(apiBaseUrlForCustomer.Trim(), UriKind.Absolute, out var given) ? given.GetLeftPart(UriPartial.Authority) : "a value that is not a URL";
            throw new GongCredentialException(
                GongCredentialFailure.UntrustedCustomerHost,
                "The OAuth tokens name " + named + " as the customer's API host, which is not Gong's (gong.io or a host under it): the token and the subject are not sent there, and nothing was sent. Authorize the app again at Gong, and check the token endpoint and the token store.",
                0,
                null);
        }

        /// <summary>
        /// Fresh while more than <c>refreshAhead</c> is left, but never refreshed before half its lifetime (when the issue
        /// time is known): a 60-second token is used for 30 seconds instead of being refreshed on every call.
        /// </summary>
        private bool IsFresh(GongOAuthTokens tokens)
        {
            var ahead = _refreshAhead;
            if (tokens.IssuedAt is DateTimeOffset issued && tokens.ExpiresAt > issued)
            {
                var half = TimeSpan.FromTicks((tokens.ExpiresAt - issued).Ticks / 2);
                if (half < ahead)
                {
                    ahead = half;
                }
            }

            return _client.Time.GetUtcNow() + ahead < tokens.ExpiresAt;
        }

        /// <summary>Single-flight: one caller refreshes, the others wait for it and use what it stored.</summary>
        private async Task<GongOAuthTokens> RefreshAsync(string? rejectedAccessToken, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var current = _current;
                if (current != null && IsFresh(current) && (rejectedAccessToken == null || !string.Equals(current.AccessToken, rejectedAccessToken, StringComparison.Ordinal)))
                {
                    // Another caller refreshed while this one waited.
                    return current;
                }

                using (await _store.LockAsync(cancellationToken).ConfigureAwait(false))
                {
                    var stored = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (stored == null)
                    {
                        throw new GongCredentialException(GongCredentialFailure.NotAuthorized, "The token store holds no OAuth tokens: the customer has not authorized the app yet (use GongOAuthClient.ExchangeCodeAsync on the callback).", 0, null);
                    }

                    var unsaved = _unsaved;
                    if (unsaved != null)
                    {
                        // Tokens Gong issued that the store failed to save: save them before anything else.
                        _unsaved = null;
                        if (string.Equals(stored.RefreshToken, unsaved.Value.Replaces, StringComparison.Ordinal))
                        {
                            await SaveAsync(unsaved.Value.Replaces, unsaved.Value.Tokens).ConfigureAwait(false);
                            stored = unsaved.Value.Tokens;
                        }
                    }

                    var rejected = rejectedAccessToken != null && string.Equals(stored.AccessToken, rejectedAccessToken, StringComparison.Ordinal);
                    if (!rejected && IsFresh(stored))
                    {
                        // The store moved on (another process refreshed) or was fresh all along.
                        _current = stored;
                        return stored;
                    }

                    if (string.Equals(_deadRefreshToken, stored.RefreshToken, StringComparison.Ordinal))
                    {
                        // Gong already answered invalid_grant for this refresh token: sending it again cannot help.
                        throw Dead();
                    }

                    if (string.Equals(_inDoubt, stored.RefreshToken, StringComparison.Ordinal))
                    {
                        throw InDoubt(null);
                    }

                    GongOAuthTokens issued;
                    Interlocked.Increment(ref _refreshes);
                    try
                    {
                        // Not the caller's token: a caller who gives up must not lose the answer for every caller that waits on it.
                        issued = await _client.RefreshAsync(stored.RefreshToken, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (GongCredentialException ex) when (ex.Reason == GongCredentialFailure.ReauthorizationRequired)
                    {
                        var after = await _store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                        if (after != null && !string.Equals(after.RefreshToken, stored.RefreshToken, StringComparison.Ordinal))
                        {
                            // A writer that does not take the store's lock won the race: use its tokens.
                            _current = after;
                            return after;
                        }

                        _deadRefreshToken = stored.RefreshToken;
                        throw;
                    }
                    catch (Exception ex) when (!(ex is GongCredentialException) && (ex is GongTokenEndpointBusyException || Http.GongConnectionFailure.NeverLeftTheProcess(ex)))
                    {
                        // Nothing reached the token endpoint, or it refused before doing anything: the refresh token is unspent.
                        throw new GongCredentialException(
                            GongCredentialFailure.TokenEndpointUnavailable,
                            "Gong's token endpoint could not be reached (" + (ex is GongTokenEndpointBusyException busy ? "HTTP " + busy.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Http.GongConnectionFailure.Describe(ex)) +
                            "); the refresh token was not spent and nothing was sent to Gong. Try again later.",
                            ex is GongTokenEndpointBusyException b ? b.Status : 0,
                            null);
                    }
                    catch (Exception ex) when (!(ex is GongCredentialException))
                    {
                        // Sent, but no answer we could use: Gong may have spent the refresh token. Never send it again blindly.
                        _inDoubt = stored.RefreshToken;
                        var after = await _store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                        if (after != null && !string.Equals(after.RefreshToken, stored.RefreshToken, StringComparison.Ordinal))
                        {
                            _current = after;
                            return after;
                        }

                        throw InDoubt(ex);
                    }

                    if (issued.ApiBaseUrlForCustomer == null && stored.ApiBaseUrlForCustomer != null)
                    {
                        issued = new GongOAuthTokens(issued.AccessToken, issued.RefreshToken, issued.ExpiresAt, stored.ApiBaseUrlForCustomer, issued.Scope ?? stored.Scope, issued.IssuedAt);
                    }

                    // Stored before any call uses them: a token that is not stored is lost when the process dies.
                    var saved = await SaveAsync(stored.RefreshToken, issued).ConfigureAwait(false);
                    _current = saved;
                    return saved;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>
        /// Saves <paramref name="issued"/> over <paramref name="replaces"/>; returns the tokens to use (the winner's when
        /// another writer got there first). When the store throws, the tokens stay in memory, to be saved by the next call.
        /// </summary>
        private async Task<GongOAuthTokens> SaveAsync(string replaces, GongOAuthTokens issued)
        {
            bool replaced;
            try
            {
                replaced = await _store.TryReplaceAsync(replaces, issued, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The old refresh token is spent: it must never be sent again, and the new one must not be forgotten.
                _unsaved = (replaces, issued);
                _inDoubt = replaces;
                throw new GongCredentialException(
                    GongCredentialFailure.TokenStoreFailed,
                    "Gong issued new tokens but the token store could not save them (" + ex.GetType().Name + "). They are kept in memory and saved before the next call; if this process ends first, the customer must authorize the app again.",
                    0,
                    null);
            }

            if (replaced)
            {
                return issued;
            }

            var winner = await _store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (winner == null)
            {
                throw new GongCredentialException(GongCredentialFailure.NotAuthorized, "The token store was emptied during a refresh: the customer must authorize the app again.", 0, null);
            }

            return winner;
        }

        private static GongCredentialException Dead() => new GongCredentialException(
            GongCredentialFailure.ReauthorizationRequired,
            "Gong refused this refresh token before (invalid_grant): it was spent or revoked, and it is not sent again. The customer must authorize the app again.",
            0,
            "invalid_grant");

        private static GongCredentialException InDoubt(Exception? cause) => new GongCredentialException(
            GongCredentialFailure.RefreshOutcomeUnknown,
            "A refresh was sent to Gong's token endpoint but its answer was lost" + (cause == null ? string.Empty : " (" + cause.GetType().Name + ")") +
            ", and the token store still holds the refresh token that was sent. Gong may have spent it, so it is not sent again. If no other process stores new tokens, the customer must authorize the app again.",
            0,
            null);
    }
}
