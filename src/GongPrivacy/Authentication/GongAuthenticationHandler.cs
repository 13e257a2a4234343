using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GongPrivacy
{
    /// <summary>
    /// Adds the <c>Authorization</c> header from a <see cref="GongCredential"/> to every request. A credential that fails
    /// to produce a token ends the call in <see cref="GongApiException"/> (status 0, <see cref="GongApiException.MayHaveReachedGong"/>
    /// false): nothing is sent. With an OAuth credential (<see cref="GongCredential.FromOAuth"/>) it also sends the call to
    /// the customer's own host, and after a 401 refreshes the token and resends once.
    /// </summary>
    internal sealed class GongAuthenticationHandler : DelegatingHandler
    {
        private readonly GongCredential _credential;
        private readonly string? _configuredBaseUrl;
        private readonly ILogger _logger;

        /// <summary>Creates the handler.</summary>
        /// <param name="credential">The credential to send.</param>
        public GongAuthenticationHandler(GongCredential credential)
            : this(credential, null, null)
        {
        }

        internal GongAuthenticationHandler(GongCredential credential, string? configuredBaseUrl, ILogger? logger)
        {
            _credential = credential ?? throw new ArgumentNullException(nameof(credential), "A Gong credential is required: use GongCredential.FromAccessKey, GongCredential.FromBearerToken or GongCredential.FromOAuth.");
            _configuredBaseUrl = configuredBaseUrl;
            _logger = logger ?? NullLogger.Instance;
        }

        /// <inheritdoc />
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = await AuthorizeAsync(request, () => _credential.AuthorizeAsync(cancellationToken)).ConfigureAwait(false);
            Apply(request, authorization);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            var fresh = await AuthorizeAsync(request, () => _credential.AuthorizeAfterRejectionAsync(authorization, cancellationToken)).ConfigureAwait(false);
            if (fresh == null)
            {
                return response;
            }

            // Refreshed after a 401: resend once with the new token. A second 401 is the caller's answer.
            response.Dispose();
            var state = Http.GongRequestContext.Find(request);
            if (state != null)
            {
                state.Attempts++;
            }

            Apply(request, fresh);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<T> AuthorizeAsync<T>(HttpRequestMessage request, Func<ValueTask<T>> authorize)
        {
            try
            {
                return await authorize().ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is GongApiException) && !(ex is OperationCanceledException))
            {
                // A token that could not be had: nothing was sent, and the caller is told so.
                throw TokenUnavailable(request, ex);
            }
        }

        /// <summary>A token provider that failed: nothing was sent for this attempt, and the fix is the credential, not the network.</summary>
        private static GongCredentialException TokenUnavailable(HttpRequestMessage request, Exception failure)
        {
            var state = Http.GongRequestContext.State(request);
            var message = string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "The credential could not provide a token for {0} {1}: its token provider failed with {2}; {3}",
                request.Method.Method,
                request.RequestUri?.AbsolutePath,
                failure.GetType().Name,
                state.MayHaveReachedGong ? "this attempt was not sent, but an earlier one may have reached Gong." : "nothing was sent to Gong.");
            return new GongCredentialException(GongCredentialFailure.TokenProviderFailed, message, 0, null, failure, state.Attempts, state.MayHaveReachedGong);
        }

        private void Apply(HttpRequestMessage request, GongAuthorization authorization)
        {
            request.Headers.Authorization = authorization.Header;
            var customer = authorization.CustomerBaseUrl;
            var target = request.RequestUri;
            if (customer == null || _configuredBaseUrl == null || target == null || !target.IsAbsoluteUri)
            {
                return;
            }

            if (string.Equals(_configuredBaseUrl, GongBaseUrl.Default, StringComparison.OrdinalIgnoreCase))
            {
                // No base URL of the user's own (api.gong.io, which refuses OAuth tokens): call the customer's host.
                var url = target.AbsoluteUri;
                if (url.StartsWith(_configuredBaseUrl, StringComparison.OrdinalIgnoreCase))
                {
                    request.RequestUri = new Uri(customer + url.Substring(_configuredBaseUrl.Length));
                }
            }
            else if (!string.Equals(_configuredBaseUrl, customer, StringComparison.OrdinalIgnoreCase) && Interlocked.Exchange(ref _credential.HostWarningLogged, 1) == 0)
            {
                _logger.Log(
                    LogLevel.Warning,
                    new EventId(20, "GongOAuthHostDiffers"),
                    "The configured Gong base URL {ConfiguredBaseUrl} differs from the customer's host {CustomerBaseUrl} that Gong named with the OAuth tokens; the configured one is used. Gong refuses a token at another host.",
                    _configuredBaseUrl,
                    customer);
            }
        }
    }
}
