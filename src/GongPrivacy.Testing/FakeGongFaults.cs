using System;
using System.Collections.Generic;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// The faults the fake plays. Rules are tried in the order they were added; the first that matches a call and has
    /// uses left is spent on it. Faults apply to the four Data Privacy operations (and, through <see cref="When"/>, to
    /// any request). A call a fault answered (500, 503, 429, dropped before accepting) is not counted against the rate
    /// limit: it never reached Gong's service.
    /// </summary>
    public sealed class FakeGongFaults
    {
        private readonly object _gate = new object();
        private readonly List<Rule> _rules = new List<Rule>();
        private readonly TimeProvider _time;
        private DateTimeOffset _burstEnds = DateTimeOffset.MinValue;

        internal FakeGongFaults(TimeProvider time)
        {
            _time = time;
        }

        /// <summary>The next <paramref name="times"/> Data Privacy calls, whatever their subject, get <paramref name="fault"/>.</summary>
        /// <param name="fault">The fault.</param>
        /// <param name="times">How many calls; at least 1.</param>
        public void Next(FakeGongFault fault, int times = 1) => When(call => call.Operation != FakeGongOperation.Token && call.Operation != FakeGongOperation.Authorize, fault, times);

        /// <summary>The next <paramref name="times"/> Data Privacy calls about <paramref name="subject"/> (any spelling) get <paramref name="fault"/>.</summary>
        /// <param name="subject">An email address or phone number.</param>
        /// <param name="fault">The fault.</param>
        /// <param name="times">How many calls; at least 1 (<see cref="int.MaxValue"/>: every one).</param>
        public void ForSubject(string subject, FakeGongFault fault, int times = 1)
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                throw new ArgumentException("Give an email address or phone number.", nameof(subject));
            }

            var key = Subjects.Key(subject);
            When(call => call.Subject != null && Subjects.Key(call.Subject) == key, fault, times);
        }

        /// <summary>The next <paramref name="times"/> requests <paramref name="match"/> picks get <paramref name="fault"/>.</summary>
        /// <param name="match">Picks calls, such as <c>call =&gt; call.IsErase &amp;&amp; call.OperationOrdinal == 12</c>.</param>
        /// <param name="fault">The fault.</param>
        /// <param name="times">How many calls; at least 1 (<see cref="int.MaxValue"/>: every one).</param>
        public void When(Func<FakeGongCall, bool> match, FakeGongFault fault, int times = 1)
        {
            if (match == null)
            {
                throw new ArgumentNullException(nameof(match));
            }

            if (fault == null)
            {
                throw new ArgumentNullException(nameof(fault));
            }

            if (times < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(times), "A fault applies to at least one call.");
            }

            lock (_gate)
            {
                _rules.Add(new Rule(match, fault, times));
            }
        }

        /// <summary>
        /// For <paramref name="duration"/> of the fake's clock from now, every Data Privacy call gets 429 with a
        /// <c>Retry-After</c> of the seconds left (rounded up), as when the company's quota is spent by someone else.
        /// </summary>
        /// <param name="duration">How long the burst lasts.</param>
        public void RateLimitBurst(TimeSpan duration)
        {
            lock (_gate)
            {
                _burstEnds = _time.GetUtcNow() + duration;
            }
        }

        /// <summary>Removes every rule and ends a burst.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _rules.Clear();
                _burstEnds = DateTimeOffset.MinValue;
            }
        }

        /// <summary>The fault for a call, spending one use of the first rule that picks it.</summary>
        internal FakeGongFault? Take(FakeGongCall call, DateTimeOffset now)
        {
            lock (_gate)
            {
                foreach (var rule in _rules)
                {
                    if (rule.Left > 0 && rule.Match(call))
                    {
                        if (rule.Left != int.MaxValue)
                        {
                            rule.Left--;
                        }

                        return rule.Fault;
                    }
                }

                var dataPrivacy = call.Operation != FakeGongOperation.Token && call.Operation != FakeGongOperation.Authorize;
                return dataPrivacy && now < _burstEnds ? FakeGongFault.RateLimited(_burstEnds - now) : null;
            }
        }

        private sealed class Rule
        {
            public Rule(Func<FakeGongCall, bool> match, FakeGongFault fault, int left)
            {
                Match = match;
                Fault = fault;
                Left = left;
            }

            public Func<FakeGongCall, bool> Match { get; }

            public FakeGongFault Fault { get; }

            public int Left { get; set; }
        }
    }
}
