using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Waits for the shared rate limiter before each attempt, and counts it against the daily quota. It sits right before
    /// the transport, after authentication, so the permit is taken as late as possible; only the caller's cancellation
    /// bounds the wait. When the answer comes back the limiter hears of it (its round trip, and whether it is a 429), so
    /// that its margin follows the network.
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
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (permit != null)
            {
                _limiter!.Answered(permit, GongClassifier.IsRateLimit((int)response.StatusCode));
            }

            return response;
        }
    }
}
