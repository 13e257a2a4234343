using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>What the fake does with one request.</summary>
    internal enum GongReply
    {
        /// <summary>200 with a request id; an erase is accepted.</summary>
        Accept,

        /// <summary>The erase is accepted, then the connection is closed without an answer.</summary>
        AcceptThenDrop,

        /// <summary>429 with <c>Retry-After: 1</c>; nothing is accepted.</summary>
        RateLimit,
    }

    /// <summary>One request as the fake saw it.</summary>
    internal sealed record GongRequest(int Ordinal, string Method, string Path, string? Subject, GongReply Reply)
    {
        public bool IsErase => Method == "POST";

        public bool Accepted => IsErase && Reply != GongReply.RateLimit;
    }

    /// <summary>
    /// A fake of Gong on 127.0.0.1 (port 0) over raw HTTP/1.1, so that it can accept an erase and then drop the
    /// connection. It logs every request it reads, before it answers: that log is the test's ground truth.
    /// </summary>
    internal sealed class LoopbackGong : IAsyncDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<GongRequest> _log = new ConcurrentQueue<GongRequest>();
        private readonly Task _loop;
        private int _ordinal;
        private int _drops;
        private readonly List<(DateTimeOffset Arrived, DateTimeOffset Answered)> _timings = new List<(DateTimeOffset, DateTimeOffset)>();
        private readonly List<DateTimeOffset> _arrivals = new List<DateTimeOffset>();

        public LoopbackGong(Func<string, string?, GongReply>? behavior = null, TimeSpan? answerDelay = null)
        {
            Behavior = behavior ?? ((_, _) => GongReply.Accept);
            AnswerDelay = answerDelay ?? TimeSpan.Zero;
            _listener.Start();
            _loop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>Given the method and the subject, what to do; may be changed while running.</summary>
        public Func<string, string?, GongReply> Behavior { get; set; }

        /// <summary>How long an accepted erase waits before its answer (so that a kill can land while Gong answers).</summary>
        public TimeSpan AnswerDelay { get; set; }

        /// <summary>The clock of <see cref="Latency"/> and <see cref="PermitsPerSecond"/>; a test's fake clock.</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>How long every request waits, after it is counted, before its answer (Gong's time to search a tenant).</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>Gong's limit: more than this many requests arriving in any second of <see cref="Clock"/> get 429. 0: none.</summary>
        public int PermitsPerSecond { get; set; }

        /// <summary>When each request arrived and when its answer went, on <see cref="Clock"/>.</summary>
        public IReadOnlyList<(DateTimeOffset Arrived, DateTimeOffset Answered)> Timings
        {
            get
            {
                lock (_timings)
                {
                    return _timings.ToArray();
                }
            }
        }

        public Uri BaseUrl => new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture) + "/v2/");

        public IReadOnlyList<GongRequest> Log => _log.ToArray();

        public int RequestCount => _log.Count;

        public int AcceptedCount => _log.Count(r => r.Accepted);

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception)
            {
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        var head = await ReadHeadAsync(stream);
                        if (head == null)
                        {
                            return;
                        }

                        var lines = head.Split("\r\n");
                        var parts = lines[0].Split(' ');
                        var method = parts[0];
                        var target = new Uri("http://x" + parts[1]);
                        var length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                        var body = new byte[length];
                        for (var read = 0; read < length;)
                        {
                            var n = await stream.ReadAsync(body.AsMemory(read));
                            if (n == 0)
                            {
                                return;
                            }

                            read += n;
                        }

                        var query = target.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(q => q.Split('=', 2)).ToDictionary(q => q[0], q => q.Length > 1 ? Uri.UnescapeDataString(q[1].Replace('+', ' ')) : "");
                        var subject = query.GetValueOrDefault("emailAddress") ?? query.GetValueOrDefault("phoneNumber");
                        var reply = method == "POST" ? Behavior(method, subject) : GongReply.Accept;
                        var arrived = Clock.GetUtcNow();
                        if (PermitsPerSecond > 0)
                        {
                            lock (_arrivals)
                            {
                                if (_arrivals.Count(a => arrived - a < TimeSpan.FromSeconds(1)) >= PermitsPerSecond)
                                {
                                    reply = GongReply.RateLimit;
                                }
                                else
                                {
                                    _arrivals.Add(arrived);
                                }
                            }
                        }

                        if (Latency > TimeSpan.Zero)
                        {
                            await Task.Delay(Latency, Clock);
                        }

                        lock (_timings)
                        {
                            _timings.Add((arrived, Clock.GetUtcNow()));
                        }

                        var ordinal = Interlocked.Increment(ref _ordinal);
                        _log.Enqueue(new GongRequest(ordinal, method, target.AbsolutePath, subject, reply));
                        var requestId = "gong" + ordinal.ToString("D6", CultureInfo.InvariantCulture);
                        string response;
                        switch (reply)
                        {
                            case GongReply.AcceptThenDrop:
                                // Half the drops reset the connection, half close it gracefully: an HTTP client may
                                // resend a bodiless POST on its own after a graceful close of a reused connection.
                                if (Interlocked.Increment(ref _drops) % 2 == 0)
                                {
                                    client.Client.LingerState = new LingerOption(true, 0);
                                }
                                else
                                {
                                    client.Client.Shutdown(SocketShutdown.Both);
                                }

                                return;
                            case GongReply.RateLimit:
                                response = Answer(429, requestId, "{\"requestId\":\"" + requestId + "\",\"errors\":[\"API request limit exceeded\"]}", "Retry-After: 1\r\n");
                                break;
                            default:
                                if (method == "POST" && AnswerDelay > TimeSpan.Zero)
                                {
                                    await Task.Delay(AnswerDelay);
                                }

                                response = Answer(200, requestId, method == "POST" ? "{\"requestId\":\"" + requestId + "\"}" : "{\"requestId\":\"" + requestId + "\",\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}", "");
                                break;
                        }

                        var bytes = Encoding.UTF8.GetBytes(response);
                        await stream.WriteAsync(bytes);
                        await stream.FlushAsync();
                    }
                }
                catch (Exception)
                {
                    // The client went away (a kill); nothing to answer.
                }
            }
        }

        private static string Answer(int status, string requestId, string body, string extraHeaders) =>
            "HTTP/1.1 " + status.ToString(CultureInfo.InvariantCulture) + (status == 200 ? " OK" : " Too Many Requests") + "\r\n"
            + "Content-Type: application/json;charset=UTF-8\r\n"
            + "x-traceid: " + requestId + "\r\n"
            + extraHeaders
            + "Content-Length: " + Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture) + "\r\n\r\n"
            + body;

        private static async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                var n = await stream.ReadAsync(one);
                if (n == 0)
                {
                    return null;
                }

                buffer.Add(one[0]);
                var count = buffer.Count;
                if (count >= 4 && buffer[count - 4] == '\r' && buffer[count - 3] == '\n' && buffer[count - 2] == '\r' && buffer[count - 1] == '\n')
                {
                    return Encoding.ASCII.GetString(buffer.ToArray(), 0, count - 4);
                }
            }
        }
    }
}
