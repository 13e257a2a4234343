using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Retries what is worth retrying, with Polly on the <see cref="TimeProvider"/>. One rule per outcome:
    /// <list type="bullet">
    /// <item><description>429: after <c>Retry-After</c> (seconds or an HTTP date, capped by <see cref="GongRetryOptions.MaxRetryAfter"/>), up to <see cref="GongRetryOptions.MaxRateLimitRetries"/> times;</description></item>
    /// <item><description>5xx, 408, a timed-out attempt, a connection failure (but not a host name that does not resolve or a failed TLS handshake): after a jittered exponential backoff (or the server's <c>Retry-After</c>), up to <see cref="GongRetryOptions.MaxRetries"/> times;</description></item>
    /// <item><description>an erasure (POST) only when its attempt certainly did not take effect: 429, 503, or never left the process;
    /// otherwise only with <see cref="GongRetryOptions.ResendErasuresInDoubt"/>.</description></item>
    /// </list>
    /// Any other status is returned at once: the client maps it to <see cref="GongApiException"/>. A call that gets no
    /// answer ends in <see cref="GongApiException"/> (status 0) and a cancelled one in <see cref="GongOperationCanceledException"/>,
    /// both saying whether the request may have reached Gong.
    /// </summary>
    internal sealed class GongResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<GongCallState> StateKey = new ResiliencePropertyKey<GongCallState>("GongPrivacy.CallState");
        private static readonly ResiliencePropertyKey<bool> IsErasureKey = new ResiliencePropertyKey<bool>("GongPrivacy.IsErasure");
        private static readonly ResiliencePropertyKey<Budget> BudgetKey = new ResiliencePropertyKey<Budget>("GongPrivacy.RetryBudget");

        private readonly GongRetryOptions _options;
        private readonly TimeProvider _time;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly Random _jitter = new Random();

        public GongResilienceHandler(GongRetryOptions options, TimeProvider timeProvider)
        {
            _options = options;
            _time = timeProvider;
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
            var attempts = options.MaxRetries + options.MaxRateLimitRetries;
            if (options.Enabled && attempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = attempts,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(Delay(args.Outcome, args.Context)),
                    BackoffType = DelayBackoffType.Constant,
                    Delay = TimeSpan.Zero,
                    UseJitter = false,
                });
            }

            _pipeline = builder.Build();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var state = GongRequestContext.State(request);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(StateKey, state);
            context.Properties.Set(IsErasureKey, request.Method == HttpMethod.Post);
            context.Properties.Set(BudgetKey, new Budget());
            var attempt = 0;
            try
            {
                var outcome = await _pipeline.ExecuteOutcomeAsync(
                    async (ctx, pair) =>
                    {
                        attempt++;
                        // Counts every request sent: the authentication handler's resend after a 401 is one too.
                        state.Attempts = attempt == 1 ? 1 : state.Attempts + 1;
                        state.AttemptHandedToTransport = false;
                        state.AttemptNotSent = false;
                        try
                        {
                            var response = await pair.Handler.SendOnceAsync(pair.Request, ctx.CancellationToken).ConfigureAwait(false);
                            return Outcome.FromResult(response);
                        }
                        catch (Exception ex)
                        {
                            return Outcome.FromException<HttpResponseMessage>(ex);
                        }
                    },
                    context,
                    (Handler: this, Request: request)).ConfigureAwait(false);

                if (outcome.Exception == null)
                {
                    return outcome.Result!;
                }

                throw Translate(request, state, outcome.Exception, cancellationToken);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

        private static Exception Translate(HttpRequestMessage request, GongCallState state, Exception failure, CancellationToken cancellationToken)
        {
            if (failure is GongApiException || failure is GongOperationCanceledException)
            {
                return failure;
            }

            if (failure is OperationCanceledException cancelled && cancellationToken.IsCancellationRequested)
            {
                // Carry the caller's own token (recorded by the client), so HttpClient passes the exception on unwrapped.
                var token = state.CallerToken.IsCancellationRequested ? state.CallerToken : cancellationToken;
                return GongOperationCanceledException.Create(request, state, cancelled, token);
            }

            return GongApiException.Unreachable(request, failure, state);
        }

        private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            var state = context.Properties.GetValue(StateKey, new GongCallState());
            var budget = context.Properties.GetValue(BudgetKey, new Budget());
            var erasure = context.Properties.GetValue(IsErasureKey, false);
            if (context.CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            bool transient;
            bool certainlyNotActedOn;
            if (outcome.Exception != null)
            {
                var ex = outcome.Exception;
                if (ex is GongApiException || ex is OperationCanceledException || !state.AttemptHandedToTransport)
                {
                    // Our own failures (a token that could not be had), cancellation, and anything that failed before the
                    // transport: not a transient fault of Gong's.
                    return false;
                }

                if (!(ex is HttpRequestException || ex is TimeoutRejectedException || ex is System.IO.IOException) || GongConnectionFailure.IsPermanent(ex))
                {
                    // Not a transport fault, or one another attempt cannot mend (name not found, TLS handshake failed).
                    return false;
                }

                transient = true;
                certainlyNotActedOn = state.AttemptNotSent;
            }
            else
            {
                var status = (int)outcome.Result!.StatusCode;
                if (status == 429)
                {
                    if (budget.RateLimited >= _options.MaxRateLimitRetries)
                    {
                        return false;
                    }

                    budget.RateLimited++;
                    budget.LastWasRateLimit = true;
                    return true;
                }

                if (!(status >= 500 || status == 408))
                {
                    return false;
                }

                transient = true;
                certainlyNotActedOn = GongRequestContext.IsRefusal(status);
            }

            if (!transient || budget.Transient >= _options.MaxRetries)
            {
                return false;
            }

            if (erasure && !certainlyNotActedOn && !_options.ResendErasuresInDoubt)
            {
                // The erasure may have been accepted: sending it again is the caller's decision, not ours.
                return false;
            }

            budget.Transient++;
            budget.LastWasRateLimit = false;
            return true;
        }

        private TimeSpan? Delay(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            var budget = context.Properties.GetValue(BudgetKey, new Budget());
            var retryAfter = outcome.Result == null ? null : Internal.RetryAfter.Parse(RetryAfterText(outcome.Result), _time.GetUtcNow());
            if (budget.LastWasRateLimit)
            {
                return Min(retryAfter ?? Backoff(budget.RateLimited), _options.MaxRetryAfter);
            }

            return retryAfter.HasValue ? Min(retryAfter.Value, _options.MaxRetryAfter) : Backoff(budget.Transient);
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
            var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(retry, 1) - 1, 30));
            double factor;
            lock (_jitter)
            {
                factor = 0.75 + (_jitter.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(Math.Min(exponential * factor, _options.MaxDelay.TotalMilliseconds));
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        /// <summary>The retries one call has used, by kind.</summary>
        private sealed class Budget
        {
            public int RateLimited { get; set; }

            public int Transient { get; set; }

            public bool LastWasRateLimit { get; set; }
        }
    }
}
