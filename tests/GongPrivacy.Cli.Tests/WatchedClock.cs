using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>A clock only the test moves, which tells the test when the tool starts a wait of a given length.</summary>
    internal sealed class WatchedClock : FakeTimeProvider
    {
        private readonly List<(TimeSpan Due, TaskCompletionSource Started)> _watches = new List<(TimeSpan, TaskCompletionSource)>();

        public WatchedClock()
            : base(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero))
        {
        }

        /// <summary>Completes when a timer due in exactly <paramref name="due"/> is started.</summary>
        public Task WaitStartedAsync(TimeSpan due)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_watches)
            {
                _watches.Add((due, started));
            }

            return started.Task;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_watches)
            {
                foreach (var watch in _watches.FindAll(w => w.Due == dueTime))
                {
                    _watches.Remove(watch);
                    watch.Started.TrySetResult();
                }
            }

            return timer;
        }
    }
}
