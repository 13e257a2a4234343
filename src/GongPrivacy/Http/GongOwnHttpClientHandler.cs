using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Sends through an <see cref="HttpClient"/> of the user's own (<c>new GongDataPrivacyClient(httpClient)</c>), whose
    /// handlers, default headers and timeout all apply, and gives its failures the client's meaning: a call that gets no
    /// answer ends in <see cref="GongApiException"/> (status 0, <see cref="GongApiException.MayHaveReachedGong"/> set as in
    /// the client's own pipeline), a cancelled one in <see cref="GongOperationCanceledException"/>, and a body that breaks
    /// while it is read in <see cref="GongApiException"/> too, for generated and hand-written operations alike. It adds no
    /// retry, rate limit or authentication: those stay the user's choice.
    /// </summary>
    /// <remarks>
    /// An <see cref="HttpClient"/> sends a request message once, so the user's client gets a copy: same method, address,
    /// version, headers and content (the content object itself, never read twice).
    /// </remarks>
    internal sealed class GongOwnHttpClientHandler : HttpMessageHandler
    {
        private readonly HttpClient _own;

        public GongOwnHttpClientHandler(HttpClient own) => _own = own;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var state = GongRequestContext.State(request);
            state.AttemptHandedToTransport = true;
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
#if NET5_0_OR_GREATER
            copy.VersionPolicy = request.VersionPolicy;
#endif
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            HttpResponseMessage response;
            try
            {
                response = await _own.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is GongApiException || ex is GongOperationCanceledException)
            {
                throw; // the user's client carries the library's handlers: already said
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                state.MayHaveReachedGong = true;
                throw GongOperationCanceledException.Create(request, state, ex, state.CallerToken.IsCancellationRequested ? state.CallerToken : cancellationToken);
            }
            catch (Exception ex)
            {
                // Connection failures, the user's HttpClient.Timeout (a TaskCanceledException without the caller's token), and
                // whatever the user's handlers throw: the call got no answer.
                state.AttemptNotSent = GongConnectionFailure.NeverLeftTheProcess(ex);
                state.MayHaveReachedGong |= !state.AttemptNotSent;
                throw GongApiException.Unreachable(request, ex, state);
            }

            response.RequestMessage = request;
            if (!GongRequestContext.IsRefusal((int)response.StatusCode))
            {
                state.MayHaveReachedGong = true;
            }

            if (response.Content != null)
            {
                response.Content = new GongGuardedContent(response.Content, response, state);
            }

            return response;
        }
    }
}
