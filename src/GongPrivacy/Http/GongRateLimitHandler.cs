using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Waits for the shared rate limiter before each attempt, and counts it against the daily quota. It sits right before
    /// the transport, after authentication, so the permit is taken as late as possible; only the caller's cancellation
    /// bounds the wait. The permit is given back when the answer (or the failure) comes: until then the request may not
    /// have reached Gong, which counts it on arrival.
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
            if (_limiter == null)
            {
                _quota?.Count();
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            using (await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                _quota?.Count();
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
