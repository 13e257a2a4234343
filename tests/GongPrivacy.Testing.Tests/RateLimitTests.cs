using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>Gong's limits as the fake counts them: 3 calls in any sliding second on arrival, 10,000 a day.</summary>
    public class RateLimitTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task Three_calls_pass_in_any_sliding_second_and_the_fourth_gets_429_with_the_seconds_to_wait()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);

            var first = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromMilliseconds(600));
            var second = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            var third = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromMilliseconds(399));
            var fourth = await Wire.LookupAsync(gong.BaseUrl, Wire.Email); // 999 ms after the first: 4 in one second
            time.Advance(TimeSpan.FromMilliseconds(1));
            var fifth = await Wire.LookupAsync(gong.BaseUrl, Wire.Email); // the first has left the window
            var sixth = await Wire.LookupAsync(gong.BaseUrl, Wire.Email); // but the two at 600 ms have not: sliding, not fixed

            Assert.Equal(new[] { 200, 200, 200, 429, 200, 429 }, new[] { first, second, third, fourth, fifth, sixth }.Select(a => a.Status));
            Assert.Equal("1", fourth.RetryAfter);
            Assert.Equal("API request limit exceeded", (string?)fourth.Json["errors"]![0]);
            Assert.Equal(fourth.TraceId, fourth.RequestId);
            Assert.Equal("1", sixth.RetryAfter); // 600 ms until the call at 600 ms leaves, rounded up to whole seconds
            Assert.Equal(2, gong.Received.Count(r => r.Status == 429));
        }

        [Fact]
        public async Task Calls_are_counted_on_arrival_not_when_they_are_answered()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Faults.Next(FakeGongFault.SlowAnswer(TimeSpan.FromSeconds(5)), times: 3);

            var slow = Enumerable.Range(0, 3).Select(_ => Wire.LookupAsync(gong.BaseUrl, Wire.Email)).ToList();
            await Task.WhenAll(Enumerable.Range(1, 3).Select(n => gong.WaitForRequestAsync(r => r.Ordinal == n))).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(slow, call => Assert.False(call.IsCompleted));
            time.Advance(TimeSpan.FromMilliseconds(500));
            var refused = await Wire.LookupAsync(gong.BaseUrl, Wire.Email); // none of the three is answered yet
            time.Advance(TimeSpan.FromSeconds(5));

            Assert.Equal(429, refused.Status);
            Assert.All(await Task.WhenAll(slow), a => Assert.Equal(200, a.Status));
        }

        [Fact]
        public async Task Ten_thousand_calls_pass_in_a_day_then_429_until_midnight_utc()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 0, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(time);
            var answered = 0;

            for (var i = 0; i < 10000; i++)
            {
                if (i % 3 == 0)
                {
                    time.Advance(TimeSpan.FromSeconds(1)); // within the per-second limit: 3 a second, 2.8 hours in all
                }

                answered += (await Wire.LookupAsync(gong.BaseUrl, Wire.Email)).Status == 200 ? 1 : 0;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            var refused = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            var midnight = new DateTimeOffset(2030, 3, 5, 0, 0, 0, TimeSpan.Zero);
            var expected = (long)Math.Ceiling((midnight - time.GetUtcNow()).TotalSeconds);
            time.SetUtcNow(midnight);
            var nextDay = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);

            Assert.Equal(10000, answered);
            Assert.Equal(429, refused.Status);
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.RetryAfter);
            Assert.Equal(200, nextDay.Status);
        }
    }
}
