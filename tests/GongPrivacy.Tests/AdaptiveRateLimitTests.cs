using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The limiter's safety margin follows the network: it widens by the jitter a 429 revealed, narrows on the clock once
    /// the round trips settle, and a permit whose answer came back holds the window no longer than its round trip allows.
    /// On a fake clock.
    /// </summary>
    public partial class AdaptiveRateLimitTests
    {
        private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(25);
        private readonly ITestOutputHelper _log;

        public AdaptiveRateLimitTests(ITestOutputHelper log) => _log = log;

        [Fact]
        public async Task Without_a_429_the_fourth_permit_waits_one_second_and_the_configured_margin()
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(3, Base, time);
            var first = await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(40));
            limiter.Answered(first, rateLimited: false);
            await limiter.WaitAsync(CancellationToken.None);
            await limiter.WaitAsync(CancellationToken.None);

            var fourth = limiter.WaitAsync(CancellationToken.None);

            // The first permit was taken cold, so it holds its whole 40 ms round trip (more than the 25 ms margin).
            Assert.Equal(TimeSpan.FromMilliseconds(1040 - 40), await time.NextWaitAsync());
            Assert.Equal(Base, limiter.Margin);
            time.Advance(TimeSpan.FromMilliseconds(1040 - 40));
            await fourth.WaitAsync(TimeSpan.FromSeconds(10));

            // The second was warm (taken after an answer): it holds one second and the configured margin from 40 ms,
            // so the fifth waits 25 ms more.
            var fifth = limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(40 + 1025 - 1040), await time.NextWaitAsync());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_429_widens_the_margin_to_the_spread_of_the_recent_round_trips_and_it_narrows_on_the_clock_once_they_settle(bool jitterGoesOn)
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(3, Base, time);
            foreach (var roundTrip in new[] { 30, 330, 80 })
            {
                var permit = await limiter.WaitAsync(CancellationToken.None);
                time.Advance(TimeSpan.FromMilliseconds(roundTrip));
                limiter.Answered(permit, rateLimited: false);
                time.Advance(TimeSpan.FromSeconds(2));
            }

            var refused = await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(30));
            limiter.Answered(refused, rateLimited: true);

            // The round trips ranged 30-330 ms: the network can bunch calls by that much on arrival.
            Assert.Equal(TimeSpan.FromMilliseconds(300), limiter.Margin);

            // Two answers a second for 40 s: 30 ms round trips (calm), or 30 and 330 ms in turn (the jitter goes on).
            var margins = new List<TimeSpan>();
            for (var i = 0; i < 80; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(470));
                var permit = await limiter.WaitAsync(CancellationToken.None);
                time.Advance(TimeSpan.FromMilliseconds(jitterGoesOn && i % 2 == 1 ? 330 : 30));
                limiter.Answered(permit, rateLimited: false);
                margins.Add(limiter.Margin);
            }

            _log.WriteLine("margin every 5 s (ms): " + string.Join(" ", margins.Where((_, i) => i % 10 == 9).Select(m => m.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
            Assert.True(margins.Zip(margins.Skip(1)).All(p => p.Second <= p.First), "the margin only narrows between 429s");
            // It holds for the first 10 s after the 429, whatever the round trips.
            Assert.Equal(TimeSpan.FromMilliseconds(300), margins[18]);
            if (jitterGoesOn)
            {
                // Round trips that still spread by 300 ms keep it there.
                Assert.Equal(TimeSpan.FromMilliseconds(300), margins[^1]);
            }
            else
            {
                // Calm round trips: once the 330 ms one is out of the last 30, it narrows by half every 3 s, back at the
                // configured margin (within a few ms) 30 s after the 429.
                Assert.InRange(margins[59].TotalMilliseconds, 25, 30);
                Assert.InRange(margins[^1].TotalMilliseconds, 25, 26);
            }
        }

        [Fact]
        public async Task A_second_429_at_least_doubles_the_margin_and_it_never_passes_one_second()
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(3, Base, time);
            var expected = new[] { 50, 100, 200, 400, 800, 1000, 1000 };
            foreach (var margin in expected)
            {
                var permit = await limiter.WaitAsync(CancellationToken.None);
                limiter.Answered(permit, rateLimited: true);
                Assert.Equal(TimeSpan.FromMilliseconds(margin), limiter.Margin);
                time.Advance(TimeSpan.FromSeconds(3));
            }
        }

        [Fact]
        public async Task An_answered_permit_holds_the_window_no_longer_than_its_round_trip_allows()
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(3, Base, time);
            await Widen(limiter, time, roundTrips: new[] { 20, 420 });
            Assert.Equal(TimeSpan.FromMilliseconds(400), limiter.Margin);

            // Three permits: the first answered after 60 ms, the other two still in flight.
            var answered = await limiter.WaitAsync(CancellationToken.None);
            var start = time.GetUtcNow();
            time.Advance(TimeSpan.FromMilliseconds(60));
            limiter.Answered(answered, rateLimited: false);
            await limiter.WaitAsync(CancellationToken.None);
            await limiter.WaitAsync(CancellationToken.None);

            var fourth = limiter.WaitAsync(CancellationToken.None);
            await time.NextWaitAsync();
            time.Advance(start + TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(50) - time.GetUtcNow());

            // 60 ms round trip, less half the fastest (10 ms): it holds 50 ms past the second, not the 400 ms margin.
            await fourth.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(start + TimeSpan.FromMilliseconds(1050), time.GetUtcNow());

            // The two in flight hold the whole widened margin.
            var fifth = limiter.WaitAsync(CancellationToken.None);
            var heldUntil = start + TimeSpan.FromMilliseconds(1060) + limiter.Margin;
            Assert.Equal(TimeSpan.FromMilliseconds(Math.Ceiling((heldUntil - time.GetUtcNow()).TotalMilliseconds)), await time.NextWaitAsync());
            Assert.InRange(limiter.Margin.TotalMilliseconds, 395, 400);
            time.Advance(heldUntil - time.GetUtcNow() + TimeSpan.FromMilliseconds(1));
            await fifth.WaitAsync(TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task Permits_taken_before_any_answer_hold_the_window_until_their_answer_comes()
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(3, Base, time);
            var first = await limiter.WaitAsync(CancellationToken.None);
            var second = await limiter.WaitAsync(CancellationToken.None);
            await limiter.WaitAsync(CancellationToken.None);

            // A cold process's first requests may arrive long after their permits (JIT, new connections): two seconds
            // later, with no answer back, the fourth still waits.
            var fourth = limiter.WaitAsync(CancellationToken.None);
            Assert.False(time.TryTakeWait(out var started), $"the fourth started a wait of {started}");
            time.Advance(TimeSpan.FromSeconds(2));
            Assert.False(fourth.IsCompleted);

            // The first answer: that request arrived within its whole 2 s round trip, so its window ends 1 s after that,
            // and the answer wakes the fourth to wait for it.
            limiter.Answered(first, rateLimited: false);
            Assert.Equal(TimeSpan.FromSeconds(1), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromSeconds(1));
            await fourth.WaitAsync(TimeSpan.FromSeconds(10));

            // A fifth waits for the fourth's window (1 s and the margin). The second's answer, after a 3.5 s round trip,
            // wakes it: that request may have arrived just now, so its window runs 1 s more, and the fourth's ends first.
            var fifth = limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(1025), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromMilliseconds(500));
            limiter.Answered(second, rateLimited: false);
            Assert.Equal(TimeSpan.FromMilliseconds(525), await time.NextWaitAsync());
            Assert.False(fifth.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(525));
            await fifth.WaitAsync(TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task A_permit_s_window_starts_when_its_request_is_handed_to_the_network()
        {
            var time = new FakeClock();
            var limiter = new GongRateLimiter(1, Base, time);
            var warm = await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(10));
            limiter.Answered(warm, rateLimited: false);
            time.Advance(TimeSpan.FromSeconds(2));

            // 300 ms pass between the permit and the network (the observer writes its journal), then a 10 ms round trip.
            var permit = await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(300));
            permit.HandedOver();
            time.Advance(TimeSpan.FromMilliseconds(10));
            limiter.Answered(permit, rateLimited: false);

            // The next call waits one second and the margin from when the request left (1,325 ms after the permit), not
            // from the permit (which would be 715 ms from now).
            var next = limiter.WaitAsync(CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(1015), await time.NextWaitAsync());
            time.Advance(TimeSpan.FromMilliseconds(1015));
            await next.WaitAsync(TimeSpan.FromSeconds(10));
        }

        private static async Task Widen(GongRateLimiter limiter, FakeClock time, int[] roundTrips)
        {
            foreach (var roundTrip in roundTrips)
            {
                var permit = await limiter.WaitAsync(CancellationToken.None);
                time.Advance(TimeSpan.FromMilliseconds(roundTrip));
                limiter.Answered(permit, rateLimited: false);
                time.Advance(TimeSpan.FromSeconds(3));
            }

            var refused = await limiter.WaitAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(roundTrips[0]));
            limiter.Answered(refused, rateLimited: true);
            time.Advance(TimeSpan.FromSeconds(3));
        }
    }
}
