using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GongPrivacy.BatchLoad
{
    /// <summary>
    /// The batch load program: runs a build of the tool (as a child process) against a loopback Gong that counts 3 calls
    /// in any sliding second as they arrive (a 4th gets 429, Retry-After: 1) and answers after a random latency.
    /// Scenarios: 100 lookups at 20-400 ms, 100 lookups at 1-2 s, and 100 erases killed (SIGKILL) in the middle and
    /// resumed. It prints throughput against the ideal (min(3 a second, calls in flight / mean latency)), the 429
    /// answers, and for the erases the subjects Gong accepted more than once.
    /// Usage: dotnet run -c Release --project benchmarks/GongPrivacy.BatchLoad -- path/to/gong-privacy.dll [--legacy] [--max-in-flight N] [--seed S]
    /// (--legacy: the tool before the batch subcommands, one call at a time, 'batch x.csv --action ...').
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 0 || !File.Exists(args[0]))
            {
                Console.Error.WriteLine("usage: GongPrivacy.BatchLoad <path to gong-privacy.dll> [--legacy] [--max-in-flight N] [--seed S] [--only lookups-fast|lookups-slow|erases]");
                return 2;
            }

            var tool = Path.GetFullPath(args[0]);
            var legacy = args.Contains("--legacy");
            var inFlight = Option(args, "--max-in-flight", 8);
            var seed = Option(args, "--seed", 7);
            var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
            var calls = legacy ? 1 : inFlight;
            Console.WriteLine($"tool {tool}{(legacy ? " (legacy form, one call at a time)" : $", --max-in-flight {inFlight}")}");
            if (only is null or "lookups-fast")
            {
                await LookupsAsync(tool, legacy, inFlight, calls, 20, 400, seed);
            }

            if (only is null or "lookups-slow")
            {
                await LookupsAsync(tool, legacy, inFlight, calls, 1000, 2000, seed);
            }

            if (only is null or "erases")
            {
                await ErasesAsync(tool, legacy, inFlight, 20, 400, seed);
            }

            return 0;
        }

        private static async Task LookupsAsync(string tool, bool legacy, int inFlight, int calls, int lo, int hi, int seed)
        {
            var gong = new FakeGong(lo, hi, seed);
            await using var app = await gong.StartAsync();
            using var folder = new Folder();
            folder.Csv(100, "lookup");
            var clock = Stopwatch.StartNew();
            var code = await RunAsync(tool, folder.Path, gong.BaseUrl, Batch(legacy, "lookup", inFlight));
            var elapsed = clock.Elapsed.TotalSeconds;
            var (rate, span) = gong.ArrivalRate();
            var (steady, _) = gong.ArrivalRate(3); // after a process's first three calls, which hold Gong's window until answered
            var ideal = Math.Min(3.0, calls / ((lo + hi) / 2000.0));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "lookups at {0}-{1} ms: exit {2}, {3} requests, {4} answers of 429, {5:F1} s in all; {6:F2} calls a second arriving over {7:F1} s, ideal {8:F2} (min(3, {9} in flight / {10:F2} s)): {11:F3} of the ideal, {12:F3} of Gong's 3 a second; from the 4th arrival {13:F3} of the ideal",
                lo, hi, code, gong.Requests, gong.Rejected, elapsed, rate, span, ideal, calls, (lo + hi) / 2000.0, rate / ideal, rate / 3.0, steady / ideal));
        }

        private static async Task ErasesAsync(string tool, bool legacy, int inFlight, int lo, int hi, int seed)
        {
            var gong = new FakeGong(lo, hi, seed);
            await using var app = await gong.StartAsync();
            using var folder = new Folder();
            folder.Csv(100, "erase");
            var args = Batch(legacy, "erase", inFlight).Append("--yes").ToArray();
            var clock = Stopwatch.StartNew();
            var first = Start(tool, folder.Path, gong.BaseUrl, args);
            while (gong.Accepted < 50 && !first.HasExited)
            {
                await Task.Delay(5);
            }

            var atKill = gong.Accepted;
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            await first.WaitForExitAsync();
            var resumed = await RunAsync(tool, folder.Path, gong.BaseUrl, args.Append("--resume").ToArray());
            var elapsed = clock.Elapsed.TotalSeconds;
            var journal = File.ReadAllLines(System.IO.Path.Combine(folder.Path, "journal.jsonl"));
            var inDoubt = journal.Count(l => l.Contains("\"event\":\"in-doubt\"", StringComparison.Ordinal));
            var duplicates = gong.ErasesPerSubject.Count(p => p.Value > 1);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "erases at {0}-{1} ms, SIGKILL at {2} accepted, then --resume (exit {3}): {4} subjects accepted, {5} accepted twice (duplicates), {6} rows in doubt (not sent again), {7} answers of 429, {8} requests, {9:F1} s in all",
                lo, hi, atKill, resumed, gong.ErasesPerSubject.Count, duplicates, inDoubt, gong.Rejected, gong.Requests, elapsed));
        }

        private static string[] Batch(bool legacy, string action, int inFlight) => legacy
            ? new[] { "batch", "subjects.csv", "--action", action, "--journal", "journal.jsonl" }
            : new[] { "batch", action, "subjects.csv", "--journal", "journal.jsonl", "--max-in-flight", inFlight.ToString(CultureInfo.InvariantCulture) };

        private static async Task<int> RunAsync(string tool, string folder, string baseUrl, string[] args)
        {
            using var process = Start(tool, folder, baseUrl, args);
            await process.WaitForExitAsync();
            return process.ExitCode;
        }

        private static Process Start(string tool, string folder, string baseUrl, string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(tool);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["GONG_ACCESS_KEY"] = "load";
            start.Environment["GONG_ACCESS_KEY_SECRET"] = "load";
            start.Environment["GONG_BASE_URL"] = baseUrl;
            start.Environment.Remove("GONG_BEARER_TOKEN");
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static int Option(string[] args, string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }

    /// <summary>A scratch folder with the batch's CSV.</summary>
    internal sealed class Folder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gong-privacy-batchload", Guid.NewGuid().ToString("N"));

        public void Csv(int rows, string tag)
        {
            Directory.CreateDirectory(Path);
            File.WriteAllLines(System.IO.Path.Combine(Path, "subjects.csv"), Enumerable.Range(1, rows).Select(i => "email," + tag + i.ToString("D3", CultureInfo.InvariantCulture) + "@load.example"));
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>A fake Gong: 3 calls in any sliding second counted on arrival, then a random latency before the answer.</summary>
    internal sealed class FakeGong
    {
        private readonly int _lo;
        private readonly int _hi;
        private readonly Random _random;
        private readonly object _gate = new object();
        private readonly Queue<long> _window = new Queue<long>();
        private readonly List<long> _arrivals = new List<long>();
        private readonly ConcurrentDictionary<string, int> _erases = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private int _requests;
        private int _rejected;

        public FakeGong(int lo, int hi, int seed)
        {
            _lo = lo;
            _hi = hi;
            _random = new Random(seed);
        }

        public string BaseUrl { get; private set; } = string.Empty;

        public int Requests => _requests;

        public int Rejected => _rejected;

        public int Accepted => _erases.Values.Sum();

        public IReadOnlyDictionary<string, int> ErasesPerSubject => _erases;

        public async Task<WebApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(HandleAsync);
            await app.StartAsync();
            BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
            using var http = new System.Net.Http.HttpClient();
            using var warm = await http.GetAsync(BaseUrl + "warm-up");
            return app;
        }

        /// <summary>Accepted calls arriving per second, from the first arrival to the last, and that span.</summary>
        /// <summary>Calls arriving per second from arrival <paramref name="from"/> (0: the first) to the last.</summary>
        public (double Rate, double Span) ArrivalRate(int from = 0)
        {
            lock (_gate)
            {
                if (_arrivals.Count < from + 2)
                {
                    return (0, 0);
                }

                var span = Stopwatch.GetElapsedTime(_arrivals[from], _arrivals[^1]).TotalSeconds;
                return ((_arrivals.Count - 1 - from) / span, span);
            }
        }

        private async Task HandleAsync(HttpContext context)
        {
            if (context.Request.Path == "/warm-up")
            {
                await context.Response.WriteAsync("{}");
                return;
            }

            var now = Stopwatch.GetTimestamp();
            bool accepted;
            int latency;
            lock (_gate)
            {
                _requests++;
                while (_window.Count > 0 && Stopwatch.GetElapsedTime(_window.Peek(), now) >= TimeSpan.FromSeconds(1))
                {
                    _window.Dequeue();
                }

                accepted = _window.Count < 3;
                if (accepted)
                {
                    _window.Enqueue(now);
                    _arrivals.Add(now);
                }
                else
                {
                    _rejected++;
                }

                latency = _random.Next(_lo, _hi + 1);
            }

            var erase = context.Request.Method == "POST";
            var subject = context.Request.Query["emailAddress"].ToString();
            if (accepted && erase)
            {
                _erases.AddOrUpdate(subject, 1, (_, n) => n + 1);
            }

            await Task.Delay(latency);
            context.Response.ContentType = "application/json;charset=UTF-8";
            context.Response.Headers["x-traceid"] = "load-" + _requests.ToString(CultureInfo.InvariantCulture);
            if (!accepted)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers["Retry-After"] = "1";
                await context.Response.WriteAsync("{\"requestId\":\"load-429\",\"errors\":[\"rate limit\"]}");
                return;
            }

            await context.Response.WriteAsync(erase ? "{\"requestId\":\"load-ok\"}" : "{\"requestId\":\"load-ok\",\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}");
        }
    }
}
