using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Lets at most N requests go on the wire in any window of one second plus a safety margin (a sliding log, on a
    /// <see cref="TimeProvider"/>). Gong counts 3 calls in any second as they arrive; a permit is taken right before a
    /// request is handed to the transport, and the margin absorbs what can make an earlier request arrive later than
    /// the one that follows it (a new connection, a slow first request, the network's jitter).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The margin adapts to the network. When Gong answers 429 although the client kept its pace, the network bunched
    /// the calls on arrival: the margin widens at once to the spread of the recent round trips (at least doubling). It
    /// holds for <see cref="CalmBeforeNarrowing"/> after the last 429, then narrows back towards the configured one on the
    /// clock, halving the difference every <see cref="NarrowingHalfLife"/>, but not below the spread of the last 30
    /// round trips while they still vary (the jitter goes on). Once the load that bunched the calls is gone, the round
    /// trips settle and the pace is back to about Gong's rate within some 20 seconds, however many or few answers came
    /// meanwhile (a narrowing by answers alone left a run at about half the rate to its end). A permit whose
    /// answer has come back holds its window only by as much of the widened margin as its round trip allows (less half
    /// the fastest round trip seen), never less than the configured margin: a request cannot have arrived later, after
    /// its permit, than its answer came back, so a wide margin costs a fast network little. A permit taken before the first
    /// answer (a cold process: JIT, new connections, which can delay a request's arrival by much more than the margin)
    /// holds its window until its own answer or failure comes, and then by the whole of its round trip.
    /// </para>
    /// <para>
    /// Hand-written on purpose: System.Threading.RateLimiting's <c>SlidingWindowRateLimiter</c>, the maintained choice,
    /// splits the window into segments and returns a permit at the end of the segment it was taken in, so a permit
    /// taken late in a segment comes back up to one segment early and four calls can land inside one second; it also
    /// runs on its own timer rather than a <see cref="TimeProvider"/>. Polly's rate limiter wraps the same type.
    /// </para>
    /// </remarks>
    internal sealed class GongRateLimiter
    {
        /// <summary>The widest the margin becomes.</summary>
        internal static readonly TimeSpan MaxMargin = TimeSpan.FromSeconds(1);

        /// <summary>How long the widened margin holds after the last 429 before it starts to narrow.</summary>
        internal static readonly TimeSpan CalmBeforeNarrowing = TimeSpan.FromSeconds(10);

        /// <summary>Once narrowing, the time in which the difference from the configured margin halves.</summary>
        internal static readonly TimeSpan NarrowingHalfLife = TimeSpan.FromSeconds(3);

        private const int RecentRoundTrips = 30;

        private static readonly TimeSpan Second = GongLimits.Window; // Gong counts its calls in this window

        private readonly object _gate = new object();
        private readonly List<Permit> _permits = new List<Permit>();
        private readonly Queue<TimeSpan> _recent = new Queue<TimeSpan>();
        private readonly int _limit;
        private readonly TimeSpan _baseMargin;
        private readonly TimeProvider _time;
        private TimeSpan _widened;
        private DateTimeOffset _widenedAt;
        private TimeSpan? _fastest;
        private TaskCompletionSource<bool> _answered = NewSignal();

        public GongRateLimiter(int permitsPerSecond, TimeSpan safetyMargin, TimeProvider timeProvider)
        {
            _limit = permitsPerSecond;
            _baseMargin = safetyMargin > TimeSpan.Zero ? safetyMargin : TimeSpan.Zero;
            _widened = _baseMargin;
            _time = timeProvider;
        }

        /// <summary>The margin in force now: the configured one, or wider after Gong answered 429 to a call that kept the pace.</summary>
        public TimeSpan Margin
        {
            get
            {
                lock (_gate)
                {
                    return MarginAt(_time.GetUtcNow());
                }
            }
        }

        /// <summary>Waits for a permit; only <paramref name="cancellationToken"/> (the caller's) bounds the wait.</summary>
        /// <returns>The permit, to give back to <see cref="Answered"/> when its answer comes.</returns>
        public async Task<Permit> WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan? wait;
                Task answered;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    var margin = MarginAt(now);
                    _permits.RemoveAll(p => End(p, margin) <= now);
                    if (_permits.Count < _limit)
                    {
                        var permit = new Permit(this, now, cold: _fastest == null);
                        _permits.Add(permit);
                        return permit;
                    }

                    var earliest = DateTimeOffset.MaxValue;
                    foreach (var p in _permits)
                    {
                        var end = End(p, margin);
                        earliest = end < earliest ? end : earliest;
                    }

                    // Whole milliseconds: a timer of less than one may fire at once, and the loop would spin. None while every
                    // permit waits for its answer (cold ones): the next answer wakes the loop.
                    wait = earliest == DateTimeOffset.MaxValue ? null : TimeSpan.FromMilliseconds(Math.Ceiling((earliest - now).TotalMilliseconds));
                    answered = _answered.Task;
                }

                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    // No timer of the clock when there is no end: a fake clock could fire it at once.
                    var delay = wait == null ? Task.Delay(Timeout.Infinite, stop.Token) : _time.Delay(wait.Value, stop.Token);
                    await Task.WhenAny(delay, answered).ConfigureAwait(false);
                    stop.Cancel();
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>
        /// The answer to a permitted request came back (not called when none came): its round trip bounds how long it
        /// holds the window, and a 429 widens the margin.
        /// </summary>
        public void Answered(Permit permit, bool rateLimited)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                signal = _answered;
                _answered = NewSignal();
                var roundTrip = _time.GetUtcNow() - permit.Start;
                permit.RoundTrip = roundTrip;
                _fastest = _fastest == null || roundTrip < _fastest ? roundTrip : _fastest;
                _recent.Enqueue(roundTrip);
                if (_recent.Count > RecentRoundTrips)
                {
                    _recent.Dequeue();
                }

                if (rateLimited)
                {
                    var now = _time.GetUtcNow();
                    var margin = MarginAt(now);
                    var spread = Spread();
                    var widened = spread > margin + margin ? spread : margin + margin;
                    widened = widened < MaxMargin ? widened : MaxMargin;
                    _widened = widened > _baseMargin ? widened : _baseMargin;
                    _widenedAt = now;
                }
            }

            signal.TrySetResult(true);
        }

        /// <summary>
        /// The permitted request failed with no answer: it arrived, if at all, before now. Its round trip bounds its window as
        /// an answer's would, but says nothing of the network, so the margin and the statistics stay as they are.
        /// </summary>
        public void Failed(Permit permit)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                permit.RoundTrip ??= _time.GetUtcNow() - permit.Start;
                signal = _answered;
                _answered = NewSignal();
            }

            signal.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// The permitted request is being handed to the network now: its window starts here rather than when the permit was
        /// taken. What runs between the two (the credential, the attempt observer writing its journal) can take a while, and
        /// Gong counts the call only when it arrives.
        /// </summary>
        private void HandedOver(Permit permit)
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                permit.Start = now > permit.Start ? now : permit.Start;
            }
        }

        /// <summary>
        /// The margin at <paramref name="now"/>: the widened one until <see cref="CalmBeforeNarrowing"/> has passed since the
        /// last 429, then the configured one plus the widening, halved every <see cref="NarrowingHalfLife"/>, but never less
        /// than the spread of the recent round trips (up to the widened margin).
        /// </summary>
        private TimeSpan MarginAt(DateTimeOffset now)
        {
            var calm = now - _widenedAt - CalmBeforeNarrowing;
            if (_widened <= _baseMargin || calm <= TimeSpan.Zero)
            {
                return _widened;
            }

            // Not below the spread of the recent round trips while they still vary that much: the jitter goes on.
            var left = Math.Pow(0.5, calm.Ticks / (double)NarrowingHalfLife.Ticks);
            var narrowed = _baseMargin + TimeSpan.FromTicks((long)((_widened - _baseMargin).Ticks * left));
            var spread = Spread();
            spread = spread < _widened ? spread : _widened;
            return narrowed > spread ? narrowed : spread;
        }

        /// <summary>When a permit stops counting against the limit, with <paramref name="margin"/> in force.</summary>
        private DateTimeOffset End(Permit permit, TimeSpan margin)
        {
            if (permit.Cold && permit.RoundTrip == null)
            {
                // Taken before anything came back: its request may not even have arrived yet.
                return DateTimeOffset.MaxValue;
            }

            var hold = margin;
            if (permit.RoundTrip is TimeSpan roundTrip)
            {
                // It arrived no later than its round trip less the fastest way back: no need to hold it longer. A cold
                // permit holds its whole round trip whatever the margin (the fastest way back seen so far may be its own,
                // slowed by the same cold start). The configured margin always holds (it also stands for the difference
                // between our clock and Gong's).
                var bound = permit.Cold ? roundTrip : roundTrip - TimeSpan.FromTicks((_fastest ?? TimeSpan.Zero).Ticks / 2);
                bound = bound > _baseMargin ? bound : _baseMargin;
                hold = permit.Cold || bound < hold ? bound : hold;
            }

            return permit.Start + Second + hold;
        }

        private TimeSpan Spread()
        {
            TimeSpan min = TimeSpan.MaxValue, max = TimeSpan.Zero;
            foreach (var r in _recent)
            {
                min = r < min ? r : min;
                max = r > max ? r : max;
            }

            return _recent.Count == 0 ? TimeSpan.Zero : max - min;
        }

        /// <summary>One request let through: when, and once answered, how long its round trip took.</summary>
        internal sealed class Permit
        {
            private readonly GongRateLimiter _owner;

            public Permit(GongRateLimiter owner, DateTimeOffset start, bool cold)
            {
                _owner = owner;
                Start = start;
                Cold = cold;
            }

            /// <summary>When the permit was taken, then when its request was handed to the network.</summary>
            public DateTimeOffset Start { get; set; }

            /// <summary>Taken before any answer came back to this limiter.</summary>
            public bool Cold { get; }

            public TimeSpan? RoundTrip { get; set; }

            /// <summary>Its request is being handed to the network now (after the credential and the attempt observer).</summary>
            public void HandedOver() => _owner.HandedOver(this);
        }
    }
}
