using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// Adds the <c>Authorization</c> header from a <see cref="GongCredential"/> to every request. A credential that fails
    /// to produce a token ends the call in <see cref="GongApiException"/> (status 0, <see cref="GongApiException.MayHaveReachedGong"/>
    /// false): nothing is sent.
    /// </summary>
    public sealed class GongAuthenticationHandler : DelegatingHandler
    {
        private readonly GongCredential _credential;

        /// <summary>Creates the handler.</summary>
        /// <param name="credential">The credential to send.</param>
        public GongAuthenticationHandler(GongCredential credential)
        {
            _credential = credential ?? throw new ArgumentNullException(nameof(credential), "A Gong credential is required: use GongCredential.FromAccessKey or GongCredential.FromBearerToken.");
        }

        /// <inheritdoc />
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                request.Headers.Authorization = await _credential.GetAuthorizationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A token that could not be had: nothing was sent, and the caller is told so.
                throw GongApiException.TokenUnavailable(request, ex);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
