using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Through the client: a 429 answer widens the margin that calls in flight hold, and the jitter experiment
    /// on the fake clock.
    /// </summary>
    public partial class AdaptiveRateLimitTests
    {
        [Fact]
        public async Task Through_the_client_a_429_answer_widens_the_margin_that_calls_in_flight_hold()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v2/data-privacy/data-for-email-address"))
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("{\"requestId\":\"r429\",\"errors\":[\"limit\"]}"));
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gong.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v2/data-privacy/data-for-phone-number"))
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ =>
                {
                    release.Task.Wait(TimeSpan.FromSeconds(20));
                    return new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = "{\"requestId\":\"slow\"}", DetectedBodyType = WireMock.Types.BodyType.String } };
                }));
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = "adaptive-" + Guid.NewGuid(); o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; }), null, time);

            // Gong answers 429 to a call that kept the pace: the margin doubles (25 ms to 50 ms).
            var refused = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));
            Assert.Equal(429, refused.StatusCode);
            time.Advance(TimeSpan.FromSeconds(5));

            // A call in flight holds its permit for one second and the widened margin; the next waits that long.
            var slow = client.GetDataForPhoneNumberAsync(FixtureValues.Phone);
            var next = client.GetDataForPhoneNumberAsync(FixtureValues.Phone);
            Assert.Equal(TimeSpan.FromMilliseconds(1050), await time.NextWaitAsync());
            release.SetResult();
            time.Advance(TimeSpan.FromMilliseconds(1050));
            Assert.Equal("slow", (await slow.WaitAsync(TimeSpan.FromSeconds(20))).RequestId);
            Assert.Equal("slow", (await next.WaitAsync(TimeSpan.FromSeconds(20))).RequestId);
        }

        /// <summary>
        /// The experiment, simulated on the fake clock with the real limiter: 60 sequential calls, a server that
        /// counts 3 calls in any sliding second as they arrive, 10-200 ms of random latency each way, 429 with
        /// Retry-After: 1. A fixed margin draws about 11 answers of 429 and takes about 1.65 times the ideal 20 s.
        /// </summary>
        [Fact]
        public async Task With_jitter_on_the_way_in_sixty_sequential_calls_draw_few_429s_and_stay_near_the_ideal_time()
        {
            var runs = new List<(int Rejected, double Ratio)>();
            for (var seed = 1; seed <= 20; seed++)
            {
                runs.Add(await JitterRunAsync(seed));
            }

            _log.WriteLine(string.Join("; ", runs.Select(r => r.Rejected + " x 429, " + r.Ratio.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))));
            var mean429 = runs.Average(r => r.Rejected);
            var meanRatio = runs.Average(r => r.Ratio);
            _log.WriteLine($"mean 429s {mean429:0.00}, max {runs.Max(r => r.Rejected)}; mean ratio {meanRatio:0.000}, max {runs.Max(r => r.Ratio):0.000}");
            Assert.True(mean429 <= 2, "mean 429 answers " + mean429);
            Assert.True(runs.Max(r => r.Rejected) <= 4, "a run drew " + runs.Max(r => r.Rejected) + " answers of 429");
            Assert.True(meanRatio <= 1.25, "mean time " + meanRatio + " of the ideal");
        }

        private static async Task<(int Rejected, double Ratio)> JitterRunAsync(int seed)
        {
            var random = new Random(seed);
            var time = new FakeClock();
            var start = time.GetUtcNow();
            var limiter = new GongRateLimiter(3, Base, time);
            var arrivals = new List<DateTimeOffset>();
            var rejected = 0;
            for (var done = 0; done < 60;)
            {
                var permit = await time.DriveAsync(limiter.WaitAsync(CancellationToken.None));
                time.Advance(TimeSpan.FromMilliseconds(random.Next(10, 201)));
                var arrival = time.GetUtcNow();
                var ok = arrivals.Count(a => arrival - a < TimeSpan.FromSeconds(1)) < 3;
                time.Advance(TimeSpan.FromMilliseconds(random.Next(10, 201)));
                limiter.Answered(permit, rateLimited: !ok);
                if (ok)
                {
                    arrivals.Add(arrival);
                    done++;
                }
                else
                {
                    rejected++;
                    time.Advance(TimeSpan.FromSeconds(1));
                }
            }

            return (rejected, (time.GetUtcNow() - start).TotalSeconds / 20.0);
        }
    }
}
