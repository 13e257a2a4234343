using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace GongPrivacy.Cli.Sandbox
{
    /// <summary>Settings of the embedded sandbox.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>The loopback port; 0 picks a free one.</summary>
        public int Port { get; set; }

        /// <summary>How long an accepted erasure takes before lookups come back empty. Default 3 seconds.</summary>
        public TimeSpan ErasureDelay { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Calls allowed in any one second before the sandbox answers 429. Default 3, as Gong.</summary>
        public int PermitsPerSecond { get; set; } = 3;

        /// <summary>
        /// Where accepted erasures are kept between runs (as hashes, never raw subjects), so that <c>erase --sandbox</c>
        /// and a later <c>verify --sandbox</c> see the same tenant. Null keeps them in memory only.
        /// </summary>
        public string? StateFile { get; set; }

        /// <summary>Called before the answer to the n-th erase request (1-based) is sent; tests use it to hold an answer.</summary>
        public Func<int, Task>? BeforeEraseAnswer { get; set; }

        /// <summary>
        /// Subjects (email addresses or phone numbers, any spelling) whose erase is accepted but never carried out, as when
        /// Gong refuses an abnormally large deletion: lookups keep returning their data, so <c>verify</c> reports them remaining.
        /// </summary>
        public IReadOnlyCollection<string> KeepSubjects { get; set; } = Array.Empty<string>();

        /// <summary>Added before every answer, to stand for a distant tenant. Default none.</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>Called before the answer to the n-th lookup (1-based) is sent; tests use it to hold an answer.</summary>
        public Func<int, Task>? BeforeLookupAnswer { get; set; }
    }

    /// <summary>
    /// A fake Gong tenant on loopback: the four documented endpoints, deterministic sample data, erasure after a
    /// simulated delay, Gong's rate limit with real 429 answers and <c>Retry-After</c>, and 401 without credentials.
    /// </summary>
    public sealed class SandboxServer : IAsyncDisposable
    {
        private static readonly JsonSerializerSettings Json = new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore, DateParseHandling = DateParseHandling.None };

        private readonly WebApplication _app;
        private readonly SandboxOptions _options;
        private readonly ConcurrentDictionary<string, DateTimeOffset> _erasures = new ConcurrentDictionary<string, DateTimeOffset>();
        private readonly ConcurrentDictionary<string, int> _eraseCounts = new ConcurrentDictionary<string, int>();
        private readonly Queue<DateTimeOffset> _recent = new Queue<DateTimeOffset>();
        private readonly object _gate = new object();
        private int _requests;
        private int _erases;
        private int _rateLimited;
        private int _lookups;
        private readonly ConcurrentDictionary<string, int> _lookupCounts = new ConcurrentDictionary<string, int>();
        private readonly HashSet<string> _keep;

        private SandboxServer(WebApplication app, SandboxOptions options)
        {
            _app = app;
            _options = options;
            _keep = SandboxSettings.Canonical(options.KeepSubjects);
            LoadState();
        }

        /// <summary>The base URL to give a client, such as <c>http://127.0.0.1:5123/v2/</c>.</summary>
        public Uri BaseUrl { get; private set; } = new Uri("http://127.0.0.1/v2/");

        /// <summary>A second port that stands in for Gong's generic host (<c>api.gong.io</c>): it refuses every bearer token.</summary>
        public Uri GenericBaseUrl { get; private set; } = new Uri("http://127.0.0.1/v2/");

        /// <summary>The sandbox's OAuth token endpoint and its tokens.</summary>
        public SandboxOAuth OAuth { get; } = new SandboxOAuth();

        /// <summary>The token endpoint, such as <c>http://127.0.0.1:5123/oauth2/generate-customer-token</c>.</summary>
        public Uri TokenEndpoint => new Uri(BaseUrl, SandboxOAuth.TokenPath);

        /// <summary>The authorization page, such as <c>http://127.0.0.1:5123/oauth2/authorize</c>; it consents at once.</summary>
        public Uri AuthorizeEndpoint => new Uri(BaseUrl, SandboxOAuth.AuthorizePath);

        /// <summary>All requests answered.</summary>
        public int RequestCount => _requests;

        /// <summary>Requests answered with 429.</summary>
        public int RateLimitedCount => _rateLimited;

        /// <summary>Erase requests accepted.</summary>
        public int EraseCount => _erases;

        /// <summary>How many erase requests each subject (by kind and canonical value, kept in memory only) received.</summary>
        public IReadOnlyDictionary<string, int> ErasesPerSubject => _eraseCounts;

        /// <summary>How many lookups each subject (by kind and canonical value, kept in memory only) received.</summary>
        public IReadOnlyDictionary<string, int> LookupsPerSubject => _lookupCounts;

        /// <summary>The subjects the sandbox holds rich sample data for.</summary>
        public static IReadOnlyList<string> SampleSubjects => SandboxData.Samples;

        /// <summary>Starts the sandbox on 127.0.0.1.</summary>
        public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new SandboxOptions();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, options.Port);
                k.Listen(IPAddress.Loopback, 0); // stands in for Gong's generic host (SandboxOAuth)
            });
            var app = builder.Build();
            var server = new SandboxServer(app, options);
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
            server.BaseUrl = new Uri(addresses[0].TrimEnd('/') + "/v2/");
            server.GenericBaseUrl = new Uri(addresses[1].TrimEnd('/') + "/v2/");
            return server;
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        private async Task HandleAsync(HttpContext context)
        {
            Interlocked.Increment(ref _requests);
            var requestId = "sbx" + _requests.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["x-traceid"] = requestId;

            if (context.Request.Path.Value == SandboxOAuth.TokenPath && context.Request.Method == "POST")
            {
                await OAuth.HandleTokenAsync(context, BaseUrl).ConfigureAwait(false);
                return;
            }

            if (context.Request.Path.Value == SandboxOAuth.AuthorizePath && context.Request.Method == "GET")
            {
                await OAuth.HandleAuthorizeAsync(context).ConfigureAwait(false);
                return;
            }

            if (_options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_options.Latency).ConfigureAwait(false);
            }

            if (!Allow())
            {
                Interlocked.Increment(ref _rateLimited);
                context.Response.Headers["Retry-After"] = "1";
                await Error(context, 429, requestId, "API request limit exceeded").ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
            {
                await Error(context, 401, requestId, "Access denied: no credentials").ConfigureAwait(false);
                return;
            }

            if (!OAuth.Accepts(context, context.Connection.LocalPort == BaseUrl.Port))
            {
                await Error(context, 401, requestId, "Access denied: the token is expired, unknown, or not valid at this host").ConfigureAwait(false);
                return;
            }

            var path = context.Request.Path.Value ?? string.Empty;
            var method = context.Request.Method;
            var email = context.Request.Query["emailAddress"].ToString();
            var phone = context.Request.Query["phoneNumber"].ToString();
            switch (method + " " + path)
            {
                case "GET /v2/data-privacy/data-for-email-address" when GongValidation.IsEmailAddress(email):
                    await CountLookup("email:" + email.ToLowerInvariant()).ConfigureAwait(false);
                    await Write(context, 200, Erased("email:" + email.ToLowerInvariant()) ? SandboxData.EmptyEmail(requestId) : SandboxData.ForEmail(email, requestId)).ConfigureAwait(false);
                    return;
                case "GET /v2/data-privacy/data-for-phone-number" when GongValidation.IsPhoneNumber(phone):
                    await CountLookup("phone:" + Digits(phone)).ConfigureAwait(false);
                    await Write(context, 200, Erased("phone:" + Digits(phone)) ? SandboxData.EmptyPhone(phone, requestId) : SandboxData.ForPhone(phone, requestId)).ConfigureAwait(false);
                    return;
                case "POST /v2/data-privacy/erase-data-for-email-address" when GongValidation.IsEmailAddress(email):
                    await Erase(context, "email:" + email.ToLowerInvariant(), requestId).ConfigureAwait(false);
                    return;
                case "POST /v2/data-privacy/erase-data-for-phone-number" when GongValidation.IsPhoneNumber(phone):
                    await Erase(context, "phone:" + Digits(phone), requestId).ConfigureAwait(false);
                    return;
                case "GET /v2/data-privacy/data-for-email-address":
                case "POST /v2/data-privacy/erase-data-for-email-address":
                    await Error(context, 400, requestId, "emailAddress is missing or malformed").ConfigureAwait(false);
                    return;
                case "GET /v2/data-privacy/data-for-phone-number":
                case "POST /v2/data-privacy/erase-data-for-phone-number":
                    await Error(context, 400, requestId, "phoneNumber is missing or malformed").ConfigureAwait(false);
                    return;
                default:
                    await Error(context, 404, requestId, "No such endpoint in the sandbox").ConfigureAwait(false);
                    return;
            }
        }

        private async Task Erase(HttpContext context, string subject, string requestId)
        {
            var ordinal = Interlocked.Increment(ref _erases);
            _eraseCounts.AddOrUpdate(subject, 1, (_, n) => n + 1);
            if (!_keep.Contains(subject))
            {
                _erasures.TryAdd(Hash(subject), DateTimeOffset.UtcNow + _options.ErasureDelay);
                SaveState();
            }

            if (_options.BeforeEraseAnswer != null)
            {
                await _options.BeforeEraseAnswer(ordinal).ConfigureAwait(false);
            }

            await Write(context, 200, new BaseResponse { RequestId = requestId }).ConfigureAwait(false);
        }

        private async Task CountLookup(string subject)
        {
            var ordinal = Interlocked.Increment(ref _lookups);
            _lookupCounts.AddOrUpdate(subject, 1, (_, n) => n + 1);
            if (_options.BeforeLookupAnswer != null)
            {
                await _options.BeforeLookupAnswer(ordinal).ConfigureAwait(false);
            }
        }

        private bool Erased(string subject) => _erasures.TryGetValue(Hash(subject), out var at) && at <= DateTimeOffset.UtcNow;

        private bool Allow()
        {
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _recent.Dequeue();
                }

                if (_recent.Count >= _options.PermitsPerSecond)
                {
                    return false;
                }

                _recent.Enqueue(now);
                return true;
            }
        }

        private static Task Error(HttpContext context, int status, string requestId, string message) =>
            Write(context, status, new { requestId, errors = new[] { message } });

        private static async Task Write(HttpContext context, int status, object body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.WriteAsync(JsonConvert.SerializeObject(body, Json)).ConfigureAwait(false);
        }

        private static string Digits(string phone) => new string(phone.Where(char.IsAsciiDigit).ToArray());

        private static string Hash(string subject) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("gong-privacy-sandbox|" + subject)));

        private void LoadState()
        {
            if (_options.StateFile == null || !File.Exists(_options.StateFile))
            {
                return;
            }

            try
            {
                var saved = JsonConvert.DeserializeObject<Dictionary<string, DateTimeOffset>>(File.ReadAllText(_options.StateFile), Json);
                foreach (var pair in saved ?? new Dictionary<string, DateTimeOffset>())
                {
                    _erasures[pair.Key] = pair.Value;
                }
            }
            catch (JsonException)
            {
                // A damaged sandbox state is a fresh sandbox.
            }
        }

        private void SaveState()
        {
            if (_options.StateFile == null)
            {
                return;
            }

            lock (_gate)
            {
                // Owner-only, like every file the tool writes: it lists (hashed) subjects that were erased.
                var temp = _options.StateFile + ".tmp";
                File.Delete(temp);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(temp, new UTF8Encoding(false), options))
                {
                    writer.Write(JsonConvert.SerializeObject(_erasures.ToDictionary(p => p.Key, p => p.Value), Json));
                }

                File.Move(temp, _options.StateFile, overwrite: true);
            }
        }
    }
}
