using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// A <see cref="FakeTimeProvider"/> that reports every wait the client starts on it (a retry delay, a limiter wait), so a
    /// test moves the clock exactly when the client waits, and never sleeps on the real clock to guess when that is.
    /// Waits of <see cref="LongWait"/> or more are attempt timeouts, not waits to drive, and are not reported.
    /// </summary>
    public sealed class FakeClock : FakeTimeProvider
    {
        public static readonly TimeSpan LongWait = TimeSpan.FromSeconds(90);

        private readonly Channel<(TimeSpan Due, DateTimeOffset Deadline)> _waits = Channel.CreateUnbounded<(TimeSpan, DateTimeOffset)>();
        private TimeSpan? _ignored;

        public FakeClock()
        {
        }

        public FakeClock(DateTimeOffset start)
            : base(start)
        {
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime < LongWait && dueTime != _ignored)
            {
                _waits.Writer.TryWrite((dueTime, GetUtcNow() + dueTime));
            }

            return timer;
        }

        /// <summary>Takes the next wait the client has started, if it has started one; never waits.</summary>
        public bool TryTakeWait(out TimeSpan due)
        {
            var taken = _waits.Reader.TryRead(out var wait);
            due = wait.Due;
            return taken;
        }

        /// <summary>Stops reporting waits of exactly <paramref name="due"/>: a test's short attempt timeout.</summary>
        public void IgnoreWaitsOf(TimeSpan due) => _ignored = due;

        /// <summary>The next wait the client starts; fails after 20 s of real time if none starts.</summary>
        public async Task<TimeSpan> NextWaitAsync()
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return (await _waits.Reader.ReadAsync(guard.Token)).Due;
        }

        /// <summary>
        /// Completes when <paramref name="task"/> has ended or the client has started a wait (left to take with
        /// <see cref="TryTakeWait"/>), whichever comes first. For a caller that knows one of the two must happen: no
        /// real-clock deadline.
        /// </summary>
        public async Task SettledAsync(Task task)
        {
            if (!task.IsCompleted && !_waits.Reader.TryPeek(out _))
            {
                await Task.WhenAny(task, _waits.Reader.WaitToReadAsync().AsTask());
            }
        }

        /// <summary>
        /// Moves the clock to the end of each wait the client starts, until <paramref name="task"/> ends. A wait whose end the
        /// clock has passed already (started before the test moved the clock, and ended by that move) is not added again:
        /// on a busy machine it can be read while a call is on the wire, and moving the clock by it would time the call out.
        /// </summary>
        public async Task DriveAsync(Task task)
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!task.IsCompleted)
            {
                // Wait without taking: a read left pending when the task ends would steal the next call's wait.
                var ready = _waits.Reader.WaitToReadAsync(guard.Token).AsTask();
                if (await Task.WhenAny(task, ready) == task)
                {
                    break;
                }

                if (await ready && _waits.Reader.TryRead(out var wait) && wait.Deadline > GetUtcNow())
                {
                    Advance(wait.Deadline - GetUtcNow());
                }
            }

            await task;
        }

        /// <summary>Moves the clock by each wait the client starts, until <paramref name="task"/> ends, and returns its result.</summary>
        public async Task<T> DriveAsync<T>(Task<T> task)
        {
            await DriveAsync((Task)task);
            return await task;
        }
    }
}
