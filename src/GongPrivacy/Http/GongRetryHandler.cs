using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Internal;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Retries what is worth retrying, for every operation (Gong's erase is idempotent):
    /// <list type="bullet">
    /// <item><description>429: after <c>Retry-After</c> (seconds or an HTTP date, capped by <see cref="GongRetryOptions.MaxRetryAfter"/>), up to <see cref="GongRetryOptions.MaxRateLimitRetries"/> times;</description></item>
    /// <item><description>5xx, 408, a timed-out attempt, a connection failure: after a jittered exponential backoff (or the server's <c>Retry-After</c>), up to <see cref="GongRetryOptions.MaxRetries"/> times.</description></item>
    /// </list>
    /// Any other status is returned at once. When retries run out the last response goes to the client, which
    /// throws <see cref="GongApiException"/> with the attempt count; a transport failure becomes one itself.
    /// </summary>
    internal sealed class GongRetryHandler : DelegatingHandler
    {
        private readonly GongRetryOptions _options;
        private readonly TimeSpan _attemptTimeout;
        private readonly TimeProvider _time;
        private readonly Random _jitter = new Random();

        public GongRetryHandler(GongRetryOptions options, TimeSpan attemptTimeout, TimeProvider timeProvider)
        {
            _options = options;
            _attemptTimeout = attemptTimeout;
            _time = timeProvider;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var transientRetries = 0;
            var rateLimitRetries = 0;
            for (var attempt = 1; ; attempt++)
            {
                GongRequestContext.SetAttempt(request, attempt);
                HttpResponseMessage? response = null;
                Exception? failure = null;
                using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    if (_attemptTimeout > TimeSpan.Zero && _attemptTimeout != Timeout.InfiniteTimeSpan)
                    {
                        attemptCancellation.CancelAfter(_attemptTimeout);
                    }

                    try
                    {
                        response = await base.SendAsync(request, attemptCancellation.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = new TimeoutException("The attempt took longer than " + _attemptTimeout + ".", ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        failure = ex;
                    }
                }

                TimeSpan delay;
                if (response != null)
                {
                    var status = (int)response.StatusCode;
                    var retryAfter = Internal.RetryAfter.Parse(RetryAfterText(response), _time.GetUtcNow());
                    if (status == 429)
                    {
                        if (!_options.Enabled || rateLimitRetries >= _options.MaxRateLimitRetries)
                        {
                            return Done(response, attempt);
                        }

                        rateLimitRetries++;
                        delay = Min(retryAfter ?? Backoff(rateLimitRetries), _options.MaxRetryAfter);
                    }
                    else if (status >= 500 || status == 408)
                    {
                        if (!_options.Enabled || transientRetries >= _options.MaxRetries)
                        {
                            return Done(response, attempt);
                        }

                        transientRetries++;
                        delay = retryAfter.HasValue ? Min(retryAfter.Value, _options.MaxRetryAfter) : Backoff(transientRetries);
                    }
                    else
                    {
                        return Done(response, attempt);
                    }

                    response.Dispose();
                }
                else
                {
                    if (!_options.Enabled || transientRetries >= _options.MaxRetries)
                    {
                        throw GongApiException.Unreachable(request, failure!, attempt);
                    }

                    transientRetries++;
                    delay = Backoff(transientRetries);
                }

                await _time.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private static HttpResponseMessage Done(HttpResponseMessage response, int attempts)
        {
            GongRequestContext.MarkAttempts(response, attempts);
            return response;
        }

        private static string? RetryAfterText(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return ((long)header.Delta.Value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return header.Date?.ToUniversalTime().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        }

        private TimeSpan Backoff(int retry)
        {
            var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
            double factor;
            lock (_jitter)
            {
                factor = 0.75 + (_jitter.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(Math.Min(exponential * factor, _options.MaxDelay.TotalMilliseconds));
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
