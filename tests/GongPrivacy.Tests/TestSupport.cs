using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace GongPrivacy.Tests
{
    /// <summary>Values the tests use as a data subject and as credentials; no real person's data.</summary>
    internal static class FixtureValues
    {
        public const string AccessKey = "fixture-access-key";
        public const string AccessKeySecret = "fixture-secret-do-not-log";
        public const string BearerToken = "fixture-bearer-token-do-not-log";
        public const string Email = "a+b@x.com";
        public const string Phone = "+1(425) 555-2671";
        public const string OtherEmail = "jane.roe@example.org";

        public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
    }

    /// <summary>Every log line any test's client wrote, for the leak test.</summary>
    internal static class EmittedText
    {
        public static readonly ConcurrentQueue<string> Lines = new ConcurrentQueue<string>();

        public static readonly ILoggerFactory LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(Lines)));

        internal sealed class CapturingProvider : ILoggerProvider
        {
            private readonly ConcurrentQueue<string> _sink;

            public CapturingProvider(ConcurrentQueue<string> sink) => _sink = sink;

            public ILogger CreateLogger(string categoryName) => new CapturingLogger(_sink, categoryName);

            public void Dispose()
            {
            }
        }

        private sealed class CapturingLogger : ILogger
        {
            private readonly ConcurrentQueue<string> _sink;
            private readonly string _category;

            public CapturingLogger(ConcurrentQueue<string> sink, string category)
            {
                _sink = sink;
                _category = category;
            }

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                _sink.Enqueue(_category + " " + logLevel + " " + formatter(state, exception) + (exception == null ? string.Empty : " " + exception));
            }
        }
    }

    /// <summary>Loopback ports for tests that need one nothing listens on.</summary>
    internal static class LoopbackPorts
    {
        /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
        public static int Free()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>A base URL on 127.0.0.1 where nothing listens: a connection to it is refused before anything is written.</summary>
        public static string ClosedUrl() => "http://127.0.0.1:" + Free() + "/";
    }

    /// <summary>A WireMock server on a free loopback port, never on all interfaces.</summary>
    internal sealed class LoopbackGong : IDisposable
    {
        private LoopbackGong(WireMockServer server)
        {
            Server = server;
        }

        public WireMockServer Server { get; }

        public Uri BaseUri => new Uri(Server.Url! + "/");

        public static LoopbackGong Start() => new LoopbackGong(WireMockServer.Start(new WireMockServerSettings
        {
            Urls = new[] { "http://127.0.0.1:0" },
            StartAdminInterface = false,
        }));

        public GongDataPrivacyOptions Options(Action<GongDataPrivacyOptions>? configure = null)
        {
            var options = new GongDataPrivacyOptions
            {
                BaseUrl = BaseUri.ToString(),
                AccessKey = FixtureValues.AccessKey,
                AccessKeySecret = FixtureValues.AccessKeySecret,
            };
            options.Retry.Enabled = false;
            options.RateLimit.Enabled = false;
            configure?.Invoke(options);
            return options;
        }

        /// <summary>A client with the production pipeline, retries and rate limit off unless <paramref name="configure"/> turns them on.</summary>
        public IGongDataPrivacyClient CreateClient(Action<GongDataPrivacyOptions>? configure = null, TimeProvider? time = null) =>
            GongDataPrivacy.CreateClient(Options(configure), EmittedText.LoggerFactory, time);

        public ILogEntry[] Requests => Server.LogEntries.ToArray();

        public void Dispose() => Server.Stop();
    }
}

namespace GongPrivacy.Tests
{
    /// <summary>The transport of a client under test that must send nothing: it counts what reaches it and answers 200.</summary>
    public sealed class CountingHandler : System.Net.Http.HttpMessageHandler
    {
        private int _count;

        public int Count => _count;

        protected override System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            System.Threading.Interlocked.Increment(ref _count);
            return System.Threading.Tasks.Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
        }
    }
}
