using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The limiter's margin widens while the network bunches calls on arrival, and the pace recovers once it stops: a
    /// phase of arrival jitter (a loaded machine: a request leaves 0-700 ms late), then a calm one, 8 calls in flight at
    /// 1 s round trips (rate-bound: 8 a second could be sent), on the fake clock of <see cref="PaceSimulation"/>.
    /// </summary>
    public class PaceRecoveryTests
    {
        private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan Calm = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper _log;

        public PaceRecoveryTests(ITestOutputHelper log) => _log = log;

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public async Task After_a_phase_of_jitter_the_pace_is_back_to_09_of_gongs_rate_within_30_s_of_calm_with_no_429(int seed)
        {
            var random = new Random(seed);
            var half = TimeSpan.FromMilliseconds(500);
            var simulation = new PaceSimulation(TimeSpan.FromMilliseconds(25));
            await simulation.RunAsync(8, Jitter + Calm, sent => sent - simulation.Start < Jitter
                ? (half + TimeSpan.FromMilliseconds(random.Next(0, 701)), half)
                : (half, half));

            var calmFrom = simulation.Start + Jitter;
            var jitter429 = simulation.Requests.Count(r => r.Sent < calmFrom && r.RateLimited);
            // A call sent late in the jitter can still arrive after the calm began, and bunch with the calm's first calls:
            // those 429s are the jitter's. From one second after its last arrival (out of Gong's window), none is allowed.
            var jitterGone = simulation.Requests.Where(r => r.Sent < calmFrom).Max(r => r.Arrived) + TimeSpan.FromSeconds(1);
            var calm429 = simulation.Requests.Count(r => r.Arrived >= jitterGone && r.RateLimited);
            var widest = simulation.Margins.Take((int)Jitter.TotalSeconds).Max();
            var windows = Enumerable.Range(0, (int)((Jitter + Calm).TotalSeconds / 10))
                .Select(i => simulation.Rate(TimeSpan.FromSeconds(i * 10), TimeSpan.FromSeconds(i * 10 + 10)).ToString("0.00", CultureInfo.InvariantCulture));
            _log.WriteLine($"seed {seed}: calls a second per 10 s (jitter {Jitter.TotalSeconds:0} s, then calm): {string.Join(" ", windows)}");
            _log.WriteLine($"429s: {jitter429} to calls sent in the jitter, {calm429} in the calm after it; margin widest {widest.TotalMilliseconds:0} ms, " +
                           $"at the calm's start {simulation.Margins[(int)Jitter.TotalSeconds].TotalMilliseconds:0} ms, 10 s in {simulation.Margins[(int)Jitter.TotalSeconds + 10].TotalMilliseconds:0} ms, " +
                           $"30 s in {simulation.Margins[(int)Jitter.TotalSeconds + 30].TotalMilliseconds:0} ms");

            _log.WriteLine($"the jitter's last call arrived {(jitterGone - calmFrom).TotalSeconds - 1:0.000} s into the calm; 429s to calls arriving in the calm at (s into it): " +
                           string.Join(", ", simulation.Requests.Where(r => r.Arrived >= calmFrom && r.RateLimited).Select(r => (r.Arrived - calmFrom).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture))));

            // The jitter bunched calls on arrival: Gong answered 429 and the margin widened.
            Assert.True(jitter429 > 0, "the jitter drew no 429: the simulation bunched nothing");
            Assert.True(widest >= TimeSpan.FromMilliseconds(200), $"the margin widened only to {widest.TotalMilliseconds:0} ms");

            // Once the jitter stops: no 429, and from 20 s to 30 s into the calm at least 0.9 of Gong's 3 calls a second.
            Assert.Equal(0, calm429);
            var recovered = simulation.Rate(Jitter + TimeSpan.FromSeconds(20), Jitter + TimeSpan.FromSeconds(30));
            Assert.True(recovered * 10 >= 27 - 1e-9, $"{recovered:0.00} calls a second 20-30 s into the calm, below 0.9 of 3");
        }
    }
}
