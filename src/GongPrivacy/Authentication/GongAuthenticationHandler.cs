using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>Adds the <c>Authorization</c> header from a <see cref="GongCredential"/> to every request.</summary>
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
            request.Headers.Authorization = await _credential.GetAuthorizationAsync(cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
