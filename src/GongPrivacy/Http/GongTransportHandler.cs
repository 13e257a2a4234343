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
    /// it; it records each attempt (the observer hears of it before it is sent, and of its outcome, classified once); and it guards the response body, so a connection that
    /// drops while the body is read ends in <see cref="GongApiException"/> for every operation, generated or hand-written.
    /// </summary>
    internal sealed class GongTransportHandler : DelegatingHandler
    {
        private readonly ResiliencePipeline _timeout;
        private readonly TimeProvider _time;

        public GongTransportHandler(TimeSpan attemptTimeout, TimeProvider timeProvider)
        {
            _time = timeProvider;
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

            // Cancelled while it waited (for the limiter, a token, a retry): it never reaches the network.
            cancellationToken.ThrowIfCancellationRequested();
            GongRequestContext.Sending(request, state);
            HttpResponseMessage response;
            try
            {
                response = await _timeout.ExecuteAsync(
                    static (pair, token) => new ValueTask<HttpResponseMessage>(pair.Handler.SendToWireAsync(pair.Request, token)),
                    (Handler: this, Request: request),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                GongRequestContext.Failed(request, state, ex);
                throw;
            }

            try
            {
                GongRequestContext.Answered(request, state, response, _time.GetUtcNow());
            }
            catch
            {
                response.Dispose();
                throw;
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
