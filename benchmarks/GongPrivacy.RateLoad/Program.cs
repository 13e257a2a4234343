using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GongPrivacy.RateLoad
{
    /// <summary>
    /// The rate-limit load run: N sequential lookups through one DI client against a loopback server that enforces
    /// Gong's 3 calls in any sliding second (counted when a request arrives) and answers after a random 20-400 ms.
    /// It reports the 429 answers the client drew and its time against the ideal: the time a perfect client takes
    /// for the same latencies, starting each call as soon as the previous one ended and the window allows.
    /// Usage: dotnet run -c Release --project benchmarks/GongPrivacy.RateLoad -- [calls] [seed]
    /// (or -- phases …: the pace during and after a spell of jitter, see <see cref="Phases"/>).
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "phases")
            {
                return await Phases.RunAsync(args);
            }

            var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
            var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
            var server = new SlidingWindowServer(permits: 3, window: TimeSpan.FromSeconds(1), minLatencyMs: 20, maxLatencyMs: 400, seed: seed);
            await using var app = await server.StartAsync();
            await server.WarmUpAsync();

            var services = new ServiceCollection();
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = server.BaseUrl;
                o.AccessKey = "load";
                o.AccessKeySecret = "load";
            });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IGongDataPrivacyClient>();

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                await client.GetDataForEmailAddressAsync("load.subject" + i.ToString(CultureInfo.InvariantCulture) + "@example.com");
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var ideal = server.IdealSeconds();
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "calls {0}, requests {1}, 429 answers {2}, elapsed {3:F2} s, ideal {4:F2} s, ratio {5:F3}",
                calls, server.Requests, server.Rejected, elapsed, ideal, elapsed / ideal));
            return 0;
        }
    }

    /// <summary>A fake Gong lookup endpoint with a strict sliding-window limit and random latency.</summary>
    internal sealed class SlidingWindowServer
    {
        private readonly int _permits;
        private readonly TimeSpan _window;
        private readonly int _minLatencyMs;
        private readonly int _maxLatencyMs;
        private readonly Random _random;
        private readonly object _gate = new object();
        private readonly Queue<long> _arrivals = new Queue<long>();
        private readonly List<int> _acceptedLatencies = new List<int>();

        public SlidingWindowServer(int permits, TimeSpan window, int minLatencyMs, int maxLatencyMs, int seed)
        {
            _permits = permits;
            _window = window;
            _minLatencyMs = minLatencyMs;
            _maxLatencyMs = maxLatencyMs;
            _random = new Random(seed);
        }

        public string BaseUrl { get; private set; } = string.Empty;

        public int Requests { get; private set; }

        public int Rejected { get; private set; }

        public async Task<WebApplication> StartAsync()
        {
            var (app, baseUrl) = await LoopbackGong.StartAsync(HandleAsync);
            BaseUrl = baseUrl;
            return app;
        }

        /// <summary>
        /// One request the limit does not count, so that the server's own first-request costs (JIT, Kestrel's pipeline) do
        /// not delay the first counted arrival: a real Gong is warm.
        /// </summary>
        public async Task WarmUpAsync()
        {
            using var http = new System.Net.Http.HttpClient();
            using var response = await http.GetAsync(BaseUrl + "/warm-up");
        }

        private async Task HandleAsync(HttpContext context)
        {
            if (context.Request.Path == "/warm-up")
            {
                context.Response.ContentType = "application/json;charset=UTF-8";
                await context.Response.WriteAsync("{}");
                return;
            }

            var now = Stopwatch.GetTimestamp();
            bool accepted;
            int latency;
            lock (_gate)
            {
                Requests++;
                while (_arrivals.Count > 0 && Stopwatch.GetElapsedTime(_arrivals.Peek(), now) >= _window)
                {
                    _arrivals.Dequeue();
                }

                accepted = _arrivals.Count < _permits;
                if (accepted)
                {
                    _arrivals.Enqueue(now);
                }
                else
                {
                    Rejected++;
                }

                latency = _random.Next(_minLatencyMs, _maxLatencyMs + 1);
                if (accepted)
                {
                    _acceptedLatencies.Add(latency);
                }
            }

            await Task.Delay(latency);
            await LoopbackGong.AnswerAsync(context, accepted);
        }

        /// <summary>The time a perfect client needs for the accepted calls' latencies: each call starts when the previous ended and the window allows.</summary>
        public double IdealSeconds()
        {
            var starts = new List<double>();
            var end = 0.0;
            foreach (var latency in _acceptedLatencies)
            {
                var start = end;
                if (starts.Count >= _permits)
                {
                    start = Math.Max(start, starts[starts.Count - _permits] + _window.TotalSeconds);
                }

                starts.Add(start);
                end = start + (latency / 1000.0);
            }

            return end;
        }
    }
}
