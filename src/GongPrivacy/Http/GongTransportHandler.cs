using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Timeout;

namespace GongPrivacy.Http
{
    /// <summary>
    /// The last of the client's handlers before the wire. It bounds each attempt by <see cref="GongDataPrivacyOptions.Timeout"/>
    /// (a Polly timeout on the <see cref="TimeProvider"/>), so waits for the rate limiter or a token never count against
    /// it; it records whether the attempt may have reached Gong; and it guards the response body, so a connection that
    /// drops while the body is read ends in <see cref="GongApiException"/> for every operation, generated or hand-written.
    /// </summary>
    internal sealed class GongTransportHandler : DelegatingHandler
    {
        private readonly ResiliencePipeline _timeout;

        public GongTransportHandler(TimeSpan attemptTimeout, TimeProvider timeProvider)
        {
            var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
            if (attemptTimeout > TimeSpan.Zero && attemptTimeout != Timeout.InfiniteTimeSpan)
            {
                builder.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout });
            }

            _timeout = builder.Build();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var state = GongRequestContext.State(request);
            state.AttemptHandedToTransport = true;
            state.AttemptNotSent = false;
            HttpResponseMessage response;
            try
            {
                response = await _timeout.ExecuteAsync(
                    static (pair, token) => new ValueTask<HttpResponseMessage>(pair.Handler.SendToWireAsync(pair.Request, token)),
                    (Handler: this, Request: request),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The caller cancelled while the request was with the transport: it may have arrived.
                state.MayHaveReachedGong = true;
                throw;
            }
            catch (Exception ex)
            {
                if (GongConnectionFailure.NeverLeftTheProcess(ex))
                {
                    state.AttemptNotSent = true;
                }
                else
                {
                    state.MayHaveReachedGong = true;
                }

                throw;
            }

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

        private Task<HttpResponseMessage> SendToWireAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
    }
}
