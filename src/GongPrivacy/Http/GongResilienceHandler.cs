using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Retries what is worth retrying, with Polly on the <see cref="TimeProvider"/>, reading each attempt's outcome as the
    /// classifier decided it (<see cref="GongClassifier"/>):
    /// <list type="bullet">
    /// <item><description><see cref="GongOutcome.Retryable"/> with 429: after <c>Retry-After</c> (capped by <see cref="GongRetryOptions.MaxRetryAfter"/>), up to <see cref="GongRetryOptions.MaxRateLimitRetries"/> times;</description></item>
    /// <item><description>other <see cref="GongOutcome.Retryable"/> (503, 408, a refused connection): after a jittered exponential backoff (or the server's <c>Retry-After</c>), up to <see cref="GongRetryOptions.MaxRetries"/> times;</description></item>
    /// <item><description><see cref="GongOutcome.MayHaveReachedGong"/>: the same, for a lookup; for an erasure (POST) only with <see cref="GongRetryOptions.ResendErasuresInDoubt"/>; never for an answer that is not Gong's (<see cref="GongCause.NotGongsAnswer"/>: a redirect, a proxy's page);</description></item>
    /// <item><description><see cref="GongOutcome.Success"/> and <see cref="GongOutcome.Refused"/>: never.</description></item>
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
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly Random _jitter = new Random();

        public GongResilienceHandler(GongRetryOptions options, TimeProvider timeProvider)
        {
            _options = options;
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
            var attempts = options.MaxRetries + options.MaxRateLimitRetries;
            if (options.Enabled && attempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = attempts,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(Delay(args.Context)),
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
                        pair.State.Attempts = attempt == 1 ? 1 : pair.State.Attempts + 1;
                        pair.State.AttemptHandedToTransport = false;
                        pair.State.LastAttempt = null;
                        try
                        {
                            var response = await pair.Handler.SendOnceAsync(pair.Request, ctx.CancellationToken).ConfigureAwait(false);
                            return Outcome.FromResult(response);
                        }
                        catch (Exception ex)
                        {
                            if (!pair.State.AttemptHandedToTransport && pair.State.ObserverFailure == null && !(ex is OperationCanceledException))
                            {
                                // Failed before it could be sent (no token, no quota): still an attempt, with its outcome.
                                RecordNotSent(pair.Request, pair.State, ex);
                            }

                            return Outcome.FromException<HttpResponseMessage>(ex);
                        }
                    },
                    context,
                    (Handler: this, Request: request, State: state)).ConfigureAwait(false);

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

        private static void RecordNotSent(HttpRequestMessage request, GongCallState state, Exception failure)
        {
            try
            {
                GongRequestContext.Failed(request, state, failure);
            }
            catch (GongObserverFailedException)
            {
                // Kept in state.ObserverFailure; Translate passes it on.
            }
        }

        /// <summary>The exception the caller gets for a call that ended without an answer to return.</summary>
        internal static Exception Translate(HttpRequestMessage request, GongCallState state, Exception failure, CancellationToken cancellationToken)
        {
            if (state.ObserverFailure != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(state.ObserverFailure).Throw();
            }

            if (failure is GongCredentialException credential)
            {
                // Built where the token failed, which does not know what the call's earlier attempts did.
                return credential.ForCall(state.Attempts, state.MayHaveReachedGong);
            }

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

            return GongExceptions.Unreachable(request, state, failure);
        }

        /// <summary>The retry rules, read from the attempt's outcome (<see cref="GongClassifier"/>), never from a status code.</summary>
        private bool ShouldRetry(ResilienceContext context)
        {
            context.Properties.TryGetValue(StateKey, out var state);
            context.Properties.TryGetValue(BudgetKey, out var budget);
            var erasure = context.Properties.GetValue(IsErasureKey, false);
            var attempt = state?.LastAttempt;
            if (state == null || budget == null)
            {
                return false;
            }

            if (context.CancellationToken.IsCancellationRequested || state.ObserverFailure != null || attempt == null)
            {
                return false;
            }

            switch (attempt.Outcome)
            {
                case GongOutcome.Retryable when attempt.Cause == GongCause.RateLimited:
                    if (budget.RateLimited >= _options.MaxRateLimitRetries)
                    {
                        return false;
                    }

                    budget.RateLimited++;
                    budget.LastWasRateLimit = true;
                    return true;
                case GongOutcome.Retryable:
                    break;
                case GongOutcome.MayHaveReachedGong when attempt.Cause == GongCause.NotGongsAnswer:
                    // A redirect or a page that is not Gong's: the base URL is wrong, and asking again gets the same.
                    return false;
                case GongOutcome.MayHaveReachedGong when erasure && !_options.ResendErasuresInDoubt:
                    // The erasure may have been accepted: sending it again is the caller's decision, not ours.
                    return false;
                case GongOutcome.MayHaveReachedGong:
                    break;
                default:
                    return false;
            }

            if (budget.Transient >= _options.MaxRetries)
            {
                return false;
            }

            budget.Transient++;
            budget.LastWasRateLimit = false;
            return true;
        }

        private TimeSpan? Delay(ResilienceContext context)
        {
            context.Properties.TryGetValue(BudgetKey, out var budget);
            context.Properties.TryGetValue(StateKey, out var state);
            var retryAfter = state?.LastAttempt?.RetryAfter;
            if (budget == null)
            {
                return null;
            }

            if (budget.LastWasRateLimit)
            {
                return Min(retryAfter ?? Backoff(budget.RateLimited), _options.MaxRetryAfter);
            }

            return retryAfter.HasValue ? Min(retryAfter.Value, _options.MaxRetryAfter) : Backoff(budget.Transient);
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
