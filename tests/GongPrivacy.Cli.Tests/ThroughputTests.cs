using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// A batch keeps calls in flight: its throughput reaches 0.95 of min(3 a second, calls in flight / latency), with no
    /// 429 of its own making. The tool, the library's limiter and the fake Gong's latency and rate window all run on
    /// one fake clock, moved only when every call in flight waits on it, so the figures do not depend on the machine.
    /// </summary>
    public class ThroughputTests
    {
        private readonly ITestOutputHelper _log;

        public ThroughputTests(ITestOutputHelper log) => _log = log;

        [Theory]
        [InlineData(60, 8, 1000)]   // rate-bound: 8 / 1 s > 3 a second
        [InlineData(60, 8, 2000)]   // rate-bound: 8 / 2 s > 3 a second
        [InlineData(40, 2, 1000)]   // bound by calls in flight: 2 / 1 s
        [InlineData(30, 1, 500)]    // one at a time: 1 / 0.5 s
        public async Task A_lookup_batch_reaches_095_of_the_ideal_throughput_with_no_429(int rows, int inFlight, int latencyMs)
        {
            var clock = new WaitingClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
            var latency = TimeSpan.FromMilliseconds(latencyMs);
            using var cli = new CliHarness { Time = clock };
            await using var gong = await cli.StartGongAsync(o => { o.Latency = latency; o.PermitsPerSecond = 3; });
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Enumerable.Range(1, rows).Select(i => "email,subject" + i + "@throughput.example")) + "\n");

            var run = cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--max-in-flight", inFlight.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Until the first answers come back, only the limiter's first 3 permits are out (each on the fake Gong's latency);
            // the other calls wait for an answer, not for the clock.
            // The ideal takes rows / ideal seconds: a batch still running at three times that and a minute is stuck.
            var limit = clock.GetUtcNow() + TimeSpan.FromSeconds(3 * rows / Math.Min(3.0, inFlight / latency.TotalSeconds) + 60);
            await clock.DriveAsync(run, () => gong.Received.Count == 0 ? Math.Min(Math.Min(inFlight, 3), rows) : Math.Min(inFlight, rows - gong.Received.Count), limit);
            var result = await run;

            Assert.True(result.Code == ExitCodes.Ok, result.Output);
            // Throughput as Gong sees it: calls arriving per second. A process's first three calls hold Gong's window until
            // their answers come (a cold process's requests can arrive late), so the rate is measured from the 4th arrival
            // to the last; that start costs at most one round trip, checked apart.
            var arrivals = gong.Received.Select(r => r.Time).OrderBy(t => t).ToList();
            var start = (arrivals[3] - arrivals[0]).TotalSeconds;
            var throughput = (arrivals.Count - 4) / (arrivals[^1] - arrivals[3]).TotalSeconds;
            var whole = (arrivals.Count - 1) / (arrivals[^1] - arrivals[0]).TotalSeconds;
            var ideal = Math.Min(3.0, inFlight / latency.TotalSeconds);
            _log.WriteLine($"{rows} lookups, {inFlight} in flight, {latencyMs} ms: {throughput:0.000} calls a second on the fake clock from the 4th arrival, ideal {ideal:0.000}: {throughput / ideal:0.000} of the ideal ({whole / ideal:0.000} over the whole run; the 4th arrived {start:0.000} s after the 1st); 429 answers {gong.RateLimited()}");
            Assert.Equal(rows, gong.Received.Count);
            Assert.Equal(0, gong.RateLimited());
            Assert.True(throughput >= 0.95 * ideal, $"throughput {throughput:0.000} a second, {throughput / ideal:0.000} of the ideal {ideal:0.000}");
            Assert.True(start <= 1.1 + latency.TotalSeconds, $"the 4th call arrived {start:0.000} s after the 1st");
        }

        /// <summary>
        /// A fake clock that knows its pending waits (timers due within a minute: the limiter's, a retry's, the fake
        /// Gong's latency; not an attempt's timeout) and moves to the next one only when as many calls wait as are in flight.
        /// A timer is created and listed in one step, and the clock moves under the same lock, so a wait is never listed
        /// before it runs on the clock (a loaded machine could otherwise move the clock past a listed wait whose timer was
        /// not there yet). Nothing here reads the real clock: it waits for the tool to start or end a wait, not for time.
        /// </summary>
        private sealed class WaitingClock : FakeTimeProvider
        {
            private readonly object _gate = new object();
            private readonly List<Waiting> _waits = new List<Waiting>();
            private TaskCompletionSource _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            public WaitingClock(DateTimeOffset start)
                : base(start)
            {
            }

            public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime <= TimeSpan.Zero || dueTime >= TimeSpan.FromMinutes(1) || period != Timeout.InfiniteTimeSpan)
                {
                    return base.CreateTimer(callback, state, dueTime, period);
                }

                lock (_gate)
                {
                    var waiting = new Waiting(this, GetUtcNow() + dueTime);
                    waiting.Inner = base.CreateTimer(s => { waiting.Done(); callback(s); }, state, dueTime, period);
                    _waits.Add(waiting);
                    Changed();
                    return waiting;
                }
            }

            /// <summary>
            /// Moves the clock to each next wait once <paramref name="blocked"/> calls wait, until <paramref name="task"/>
            /// ends; fails if the fake clock passes <paramref name="limit"/> (the batch would take far longer than it should).
            /// </summary>
            public async Task DriveAsync(Task task, Func<int> blocked, DateTimeOffset limit)
            {
                while (!task.IsCompleted)
                {
                    Task changed;
                    DateTimeOffset? next = null;
                    lock (_gate)
                    {
                        changed = _changed.Task;
                        Assert.True(GetUtcNow() <= limit, $"the batch did not end by {limit:HH:mm:ss} on the fake clock: {_waits.Count} waits ({string.Join(", ", _waits.Select(w => (w.Due - GetUtcNow()).TotalMilliseconds))} ms), {blocked()} calls expected to wait");
                        if (_waits.Count > 0 && _waits.Count >= blocked())
                        {
                            next = _waits.Min(w => w.Due);
                        }
                    }

                    if (next == null)
                    {
                        // Not every call waits yet: wait until a wait starts or ends (or the batch ends).
                        await Task.WhenAny(task, changed);
                        continue;
                    }

                    // Let whatever was about to start a wait do so, then check again before moving.
                    for (var i = 0; i < 50; i++)
                    {
                        await Task.Yield();
                    }

                    lock (_gate)
                    {
                        if (_waits.Count == 0 || _waits.Count < blocked() || _waits.Min(w => w.Due) != next)
                        {
                            continue;
                        }

                        var step = next.Value - GetUtcNow();
                        Advance(step > TimeSpan.Zero ? step : TimeSpan.Zero);
                    }
                }
            }

            private void Changed()
            {
                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }

            private void Remove(Waiting waiting)
            {
                lock (_gate)
                {
                    if (_waits.Remove(waiting))
                    {
                        Changed();
                    }
                }
            }

            private sealed class Waiting : ITimer
            {
                private readonly WaitingClock _clock;

                public Waiting(WaitingClock clock, DateTimeOffset due)
                {
                    _clock = clock;
                    Due = due;
                }

                public DateTimeOffset Due { get; }

                public ITimer? Inner { get; set; }

                public void Done() => _clock.Remove(this);

                public bool Change(TimeSpan dueTime, TimeSpan period)
                {
                    Done();
                    return Inner!.Change(dueTime, period);
                }

                public void Dispose()
                {
                    Done();
                    Inner?.Dispose();
                }

                public ValueTask DisposeAsync()
                {
                    Done();
                    return Inner?.DisposeAsync() ?? ValueTask.CompletedTask;
                }
            }
        }
    }
}
