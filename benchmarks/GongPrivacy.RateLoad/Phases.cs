using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GongPrivacy.RateLoad
{
    /// <summary>
    /// The pace after a spell of jitter: 8 callers through one DI client against a loopback Gong that counts 3 calls in any
    /// sliding second on arrival and answers 1 s later (429 with Retry-After: 1 beyond the limit). For the first phase each
    /// request reaches the count 0-700 ms late (the network or a loaded machine bunching arrivals); then it is calm. It
    /// prints Gong's accepted calls a second per 10 s, the 429 answers of each phase, and the rate 20-30 s into the calm.
    /// Usage: dotnet run -c Release --project benchmarks/GongPrivacy.RateLoad -- phases [jitter s] [calm s] [seed]
    /// </summary>
    internal static class Phases
    {
        public static async Task<int> RunAsync(string[] args)
        {
            var jitter = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60);
            var calm = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60);
            var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
            var server = new PhasedServer(jitter, seed);
            await using var app = await server.StartAsync();

            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = server.BaseUrl;
                o.AccessKey = "phases";
                o.AccessKeySecret = "phases";
            });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IGongDataPrivacyClient>();
            await client.GetDataForEmailAddressAsync("warm.up@example.com");
            await Task.Delay(TimeSpan.FromSeconds(2));

            server.Start = Stopwatch.GetTimestamp();
            var end = jitter + calm;
            var failures = 0;
            var callers = Enumerable.Range(0, 8).Select(async caller =>
            {
                for (var i = 0; Stopwatch.GetElapsedTime(server.Start) < end; i++)
                {
                    try
                    {
                        await client.GetDataForEmailAddressAsync("phase.subject" + caller.ToString(CultureInfo.InvariantCulture) + "x" + i.ToString(CultureInfo.InvariantCulture) + "@example.com");
                    }
                    catch (GongApiException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
            await Task.WhenAll(callers);

            var windows = Enumerable.Range(0, (int)(end.TotalSeconds / 10)).Select(w => server.Rate(TimeSpan.FromSeconds(w * 10), TimeSpan.FromSeconds(w * 10 + 10)).ToString("0.00", CultureInfo.InvariantCulture));
            Console.WriteLine($"8 in flight, 1 s latency; {jitter.TotalSeconds:0} s of 0-700 ms arrival jitter, then {calm.TotalSeconds:0} s calm");
            Console.WriteLine("accepted calls a second per 10 s: " + string.Join(" ", windows));
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "jitter: {0:0.00} calls a second, {1} answers of 429; calm: {2:0.00} calls a second, {3} answers of 429 ({4} once the jitter's last call left the window); 20-30 s into the calm {5:0.00} ({6:0.00} of 3); calls that failed {7}",
                server.Rate(TimeSpan.Zero, jitter), server.RateLimited(TimeSpan.Zero, jitter), server.Rate(jitter, end), server.RateLimited(jitter, end + TimeSpan.FromSeconds(5)),
                server.RateLimited(server.LastJitteredArrival() + TimeSpan.FromSeconds(1), end + TimeSpan.FromSeconds(5)),
                server.Rate(jitter + TimeSpan.FromSeconds(20), jitter + TimeSpan.FromSeconds(30)), server.Rate(jitter + TimeSpan.FromSeconds(20), jitter + TimeSpan.FromSeconds(30)) / 3, failures));
            return 0;
        }

        /// <summary>A fake Gong whose arrivals are late by 0-700 ms during the jitter phase.</summary>
        private sealed class PhasedServer
        {
            private readonly TimeSpan _jitter;
            private readonly Random _random;
            private readonly object _gate = new object();
            private readonly List<(TimeSpan At, bool Accepted, bool Jittered)> _arrivals = new List<(TimeSpan, bool, bool)>();

            public PhasedServer(TimeSpan jitter, int seed)
            {
                _jitter = jitter;
                _random = new Random(seed);
            }

            public string BaseUrl { get; private set; } = string.Empty;

            /// <summary>When the phases began (before it, the warm-up: no jitter, not counted).</summary>
            public long Start { get; set; } = long.MaxValue;

            public async Task<WebApplication> StartAsync()
            {
                var (app, baseUrl) = await LoopbackGong.StartAsync(HandleAsync);
                BaseUrl = baseUrl;
                return app;
            }

            public double Rate(TimeSpan from, TimeSpan to)
            {
                lock (_gate)
                {
                    return _arrivals.Count(a => a.Accepted && a.At >= from && a.At < to) / (to - from).TotalSeconds;
                }
            }

            public int RateLimited(TimeSpan from, TimeSpan to)
            {
                lock (_gate)
                {
                    return _arrivals.Count(a => !a.Accepted && a.At >= from && a.At < to);
                }
            }

            public TimeSpan LastJitteredArrival()
            {
                lock (_gate)
                {
                    return _arrivals.Where(a => a.Jittered).Select(a => a.At).DefaultIfEmpty(TimeSpan.Zero).Max();
                }
            }

            private async Task HandleAsync(HttpContext context)
            {
                var started = Start != long.MaxValue;
                var jittered = started && Stopwatch.GetElapsedTime(Start) < _jitter;
                if (jittered)
                {
                    int late;
                    lock (_gate)
                    {
                        late = _random.Next(0, 701);
                    }

                    await Task.Delay(late);
                }

                bool accepted;
                lock (_gate)
                {
                    var at = started ? Stopwatch.GetElapsedTime(Start) : TimeSpan.MinValue;
                    accepted = _arrivals.Count(a => a.Accepted && at - a.At < TimeSpan.FromSeconds(1)) < 3;
                    if (started)
                    {
                        _arrivals.Add((at, accepted, jittered));
                    }
                }

                await Task.Delay(1000);
                await LoopbackGong.AnswerAsync(context, accepted);
            }
        }
    }
}
