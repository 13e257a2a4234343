using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Waits for the shared rate limiter before each attempt, and counts it against the daily quota. It sits right before
    /// the transport, after authentication, so the permit is taken as late as possible; only the caller's cancellation
    /// bounds the wait. The permit's window starts again when the transport hands the request to the network (after the
    /// credential and the attempt observer, which may write a journal). When the answer comes back the limiter hears of it
    /// (its round trip, and whether it is a 429), so that its margin follows the network.
    /// </summary>
    internal sealed class GongRateLimitHandler : DelegatingHandler
    {
        private readonly GongRateLimiter? _limiter;
        private readonly GongDailyQuota? _quota;

        public GongRateLimitHandler(GongRateLimiter? limiter, GongDailyQuota? quota)
        {
            _limiter = limiter;
            _quota = quota;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var permit = _limiter == null ? null : await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            _quota?.Count();
            var state = GongRequestContext.State(request);
            state.Permit = permit; // the transport restarts its window when the request leaves
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (permit != null)
                {
                    _limiter!.Failed(permit);
                }

                throw;
            }
            finally
            {
                state.Permit = null;
            }

            if (permit != null)
            {
                _limiter!.Answered(permit, state.LastAttempt?.Cause == GongCause.RateLimited);
            }

            return response;
        }
    }
}
