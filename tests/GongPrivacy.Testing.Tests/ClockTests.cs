using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>FakeGongClock: short waits pass at once in fake time; long timers wait for the test.</summary>
    public class ClockTests
    {
        [Fact]
        public async Task A_wait_within_the_limit_passes_at_once_and_moves_the_clock_by_exactly_the_wait()
        {
            var clock = new FakeGongClock();
            var start = clock.GetUtcNow();
            var real = Stopwatch.StartNew();

            await Task.Delay(TimeSpan.FromSeconds(45), clock).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(start + TimeSpan.FromSeconds(45), clock.GetUtcNow());
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(30));
        }

        [Fact]
        public async Task A_timer_beyond_the_limit_fires_only_when_the_test_advances()
        {
            var clock = new FakeGongClock();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100), clock);
            await Task.Delay(TimeSpan.FromSeconds(1), clock); // the clock moves for this wait only
            Assert.False(timeout.IsCancellationRequested);

            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = timeout.Token.Register(() => fired.TrySetResult());

            clock.Advance(TimeSpan.FromSeconds(99));

            // FakeTimeProvider may fire it on the thread that was already waking timers: wait for it, briefly.
            await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(clock.Start + TimeSpan.FromSeconds(100), clock.GetUtcNow());
        }

        [Fact]
        public async Task Two_waits_started_together_move_the_clock_once()
        {
            var clock = new FakeGongClock();
            var start = clock.GetUtcNow();

            await Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(2), clock), Task.Delay(TimeSpan.FromSeconds(2), clock)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(start + TimeSpan.FromSeconds(2), clock.GetUtcNow());
        }
    }
}
