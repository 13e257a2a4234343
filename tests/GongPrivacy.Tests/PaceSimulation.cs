using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Http;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The library's limiter keeping calls in flight against a simulated Gong, on a fake clock: Gong counts 3 calls in any
    /// sliding second as they arrive and answers a 4th 429 (the caller tries again after its Retry-After of 1 s); each call
    /// takes <c>inbound</c> to arrive and <c>outbound</c> for its answer to come back. Every event happens at a time the
    /// simulation chose, and the clock moves only when the limiter has settled (granted a permit or started its wait), so
    /// the figures never depend on the machine.
    /// </summary>
    internal sealed class PaceSimulation
    {
        private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
        private readonly FakeClock _clock = new FakeClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        private readonly GongRateLimiter _limiter;
        private readonly List<(DateTimeOffset Time, int Order, Action Act)> _events = new List<(DateTimeOffset, int, Action)>();
        private readonly List<DateTimeOffset> _accepted = new List<DateTimeOffset>();
        private int _ready;
        private int _order;
        private Task<GongRateLimiter.Permit>? _waiting;
        private DateTimeOffset? _limiterDue;
        private bool _answered;

        public PaceSimulation(TimeSpan margin) => _limiter = new GongRateLimiter(3, margin, _clock);

        /// <summary>When the run started (after one warm-up call, so that no permit is taken cold).</summary>
        public DateTimeOffset Start { get; private set; }

        /// <summary>Each request Gong received: when it was handed to the network, when it arrived, and whether Gong answered 429.</summary>
        public List<(DateTimeOffset Sent, DateTimeOffset Arrived, bool RateLimited)> Requests { get; } = new List<(DateTimeOffset, DateTimeOffset, bool)>();

        /// <summary>The limiter's margin at each whole second of the run.</summary>
        public List<TimeSpan> Margins { get; } = new List<TimeSpan>();

        /// <summary>Calls accepted by Gong per second, over [from, to) measured from <see cref="Start"/>.</summary>
        public double Rate(TimeSpan from, TimeSpan to) => _accepted.Count(a => a - Start >= from && a - Start < to) / (to - from).TotalSeconds;

        /// <summary>Runs <paramref name="inFlight"/> callers for <paramref name="duration"/>, each call's travel times given by <paramref name="travel"/>.</summary>
        public async Task RunAsync(int inFlight, TimeSpan duration, Func<DateTimeOffset, (TimeSpan Inbound, TimeSpan Outbound)> travel)
        {
            var warm = await _limiter.WaitAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            _limiter.Answered(warm, rateLimited: false);
            _clock.Advance(TimeSpan.FromSeconds(2));
            Start = _clock.GetUtcNow();
            var end = Start + duration;
            var nextSecond = Start;
            _ready = inFlight;
            using var stop = new CancellationTokenSource();
            while (_clock.GetUtcNow() < end)
            {
                if (_waiting == null && _ready > 0)
                {
                    _waiting = _limiter.WaitAsync(stop.Token);
                    await SettleAsync(travel);
                    continue;
                }

                var next = _events.Count == 0 ? (DateTimeOffset?)null : _events.Min(e => e.Time);
                next = _limiterDue != null && (next == null || _limiterDue < next) ? _limiterDue : next;
                next = next == null || nextSecond < next ? nextSecond : next;
                _clock.Advance(next.Value - _clock.GetUtcNow());
                if (_clock.GetUtcNow() == nextSecond)
                {
                    Margins.Add(_limiter.Margin);
                    nextSecond += Second;
                }

                if (_limiterDue <= _clock.GetUtcNow())
                {
                    // Its timer fired: let it take its permit or start its next wait before anything else happens.
                    await SettleAsync(travel);
                }

                foreach (var due in _events.Where(e => e.Time <= _clock.GetUtcNow()).OrderBy(e => e.Time).ThenBy(e => e.Order).ToList())
                {
                    _events.Remove(due);
                    _answered = false;
                    due.Act();
                    if (_answered)
                    {
                        // An answer wakes the limiter's wait: let it settle again.
                        await SettleAsync(travel);
                    }
                }
            }

            stop.Cancel();
            if (_waiting != null)
            {
                await Task.WhenAny(_waiting);
            }
        }

        private void At(DateTimeOffset time, Action act) => _events.Add((time, _order++, act));

        /// <summary>Waits until the limiter's pending wait has granted its permit or started its next timer.</summary>
        private async Task SettleAsync(Func<DateTimeOffset, (TimeSpan Inbound, TimeSpan Outbound)> travel)
        {
            if (_waiting == null)
            {
                return;
            }

            _limiterDue = null;
            await _clock.SettledAsync(_waiting);
            if (_waiting.IsCompleted)
            {
                var permit = await _waiting;
                _waiting = null;
                _ready--;
                Send(permit, travel);
            }
            else if (_clock.TryTakeWait(out var wait))
            {
                _limiterDue = _clock.GetUtcNow() + wait;
            }
        }

        private void Send(GongRateLimiter.Permit permit, Func<DateTimeOffset, (TimeSpan Inbound, TimeSpan Outbound)> travel)
        {
            permit.HandedOver();
            var sent = _clock.GetUtcNow();
            var (inbound, outbound) = travel(sent);
            At(sent + inbound, () =>
            {
                var arrived = _clock.GetUtcNow();
                var ok = _accepted.Count(a => arrived - a < Second) < 3;
                Requests.Add((sent, arrived, !ok));
                if (ok)
                {
                    _accepted.Add(arrived);
                }

                At(arrived + outbound, () =>
                {
                    _limiter.Answered(permit, rateLimited: !ok);
                    _answered = true;
                    if (ok)
                    {
                        _ready++;
                    }
                    else
                    {
                        At(_clock.GetUtcNow() + Second, () => _ready++);
                    }
                });
            });
        }
    }
}
