using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// The transport of a client on an <see cref="HttpClient"/> of the user's own: sends through it (its handlers, default
    /// headers and timeout apply) and still records each attempt as the library's transport does, so that every failure ends
    /// in <see cref="GongApiException"/> or <see cref="GongOperationCanceledException"/> with the same outcome, and the
    /// attempt observer hears of it. An <see cref="HttpClient"/> sends a message once, so it sends a copy.
    /// </summary>
    internal sealed class GongOwnHttpClientHandler : HttpMessageHandler
    {
        private readonly HttpClient _own;
        private readonly TimeProvider _time;

        public GongOwnHttpClientHandler(HttpClient own, TimeProvider time)
        {
            _own = own;
            _time = time;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var state = GongRequestContext.State(request);
            state.AttemptHandedToTransport = false;
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
#if NET5_0_OR_GREATER
            copy.VersionPolicy = request.VersionPolicy;
#endif
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            HttpResponseMessage response;
            if (cancellationToken.IsCancellationRequested)
            {
                throw GongResilienceHandler.Translate(request, state, new OperationCanceledException(cancellationToken), cancellationToken);
            }

            try
            {
                GongRequestContext.Sending(request, state);
                response = await _own.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is GongApiException || ex is GongOperationCanceledException)
            {
                throw; // the user's client carries the library's handlers: already said
            }
            catch (Exception ex)
            {
                // Connection failures, the user's HttpClient.Timeout, and whatever the user's handlers throw: no answer.
                if (state.ObserverFailure == null)
                {
                    try
                    {
                        GongRequestContext.Failed(request, state, ex);
                    }
                    catch (GongObserverFailedException)
                    {
                        // Kept in state.ObserverFailure; Translate passes it on.
                    }
                }

                throw GongResilienceHandler.Translate(request, state, ex, cancellationToken);
            }

            try
            {
                GongRequestContext.Answered(request, state, response, _time.GetUtcNow());
                response.RequestMessage = request;
            }
            catch (GongObserverFailedException)
            {
                response.Dispose();
                throw GongResilienceHandler.Translate(request, state, state.ObserverFailure!, cancellationToken);
            }

            if (response.Content != null)
            {
                response.Content = new GongGuardedContent(response.Content, response, state);
            }

            return response;
        }
    }
}
