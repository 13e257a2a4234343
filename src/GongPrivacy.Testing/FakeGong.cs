using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// A fake Gong on 127.0.0.1, in your test's process: the four Data Privacy endpoints and OAuth as Gong's live service
    /// behaves (request ids, <c>x-traceid</c>, 3 calls in any sliding second and 10,000 a day with 429 and
    /// <c>Retry-After</c>, erasure after a delay, 401 without credentials or with a token at the wrong host), seeded with
    /// the subjects your test needs, playing the faults it asks for, and logging what it received. Every delay runs on
    /// <see cref="FakeGongOptions.TimeProvider"/>. Start one per test: <c>await using var gong = await FakeGong.StartAsync();</c>
    /// </summary>
    public sealed partial class FakeGong : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly FakeGongOptions _options;
        private readonly TenantState _state;
        private readonly RateWindow _window;
        private readonly ConcurrentDictionary<string, JsonObject?> _seeded = new ConcurrentDictionary<string, JsonObject?>(StringComparer.Ordinal); // null: rich invented data
        private readonly ConcurrentDictionary<string, bool> _kept = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _refused = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TimeSpan> _comesBack = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        private readonly ReceivedLog _received = new ReceivedLog();

        private FakeGong(WebApplication app, FakeGongOptions options)
        {
            _app = app;
            _options = options;
            Time = options.TimeProvider ?? TimeProvider.System;
            _state = new TenantState(options.StateFile);
            _window = new RateWindow(options.PermitsPerSecond);
            Latency = options.Latency;
            ErasureDelay = options.ErasureDelay;
            OAuth = new FakeGongOAuth(Time);
            Faults = new FakeGongFaults(Time);
            foreach (var subject in options.KeepSubjects ?? Array.Empty<string>())
            {
                KeepAfterErase(subject);
            }

            if (options.Sandbox)
            {
                RefuseErase(SampleSubjectData.HugeAccount);
                ComeBackAfterErase(SampleSubjectData.ComesBack, SampleSubjectData.ComesBackAfter);
            }
        }

        /// <summary>
        /// The sample subjects of the tool's sandbox (<see cref="FakeGongOptions.Sandbox"/>), one list with docs/sandbox.md:
        /// the first, an address, has data in every category with CRM values of every JSON kind (in two CRM systems); the
        /// fourth has none; then a shared office line (two contacts, two addresses, a second matching number), an account
        /// too large to delete (Gong refuses its erase as an abnormal deletion), and a subject that comes back a day after
        /// its erasure (re-imported from the CRM).
        /// </summary>
        public static IReadOnlyList<string> SampleSubjects { get; } = new[]
        {
            "ada.lovelace@sandbox.example",
            "grace.hopper@sandbox.example",
            "+1 206 555 0100",
            "no.match@sandbox.example",
            SampleSubjectData.SharedLine,
            SampleSubjectData.HugeAccount,
            SampleSubjectData.ComesBack,
        };

        /// <summary>The base URL to give a client, such as <c>http://127.0.0.1:5123/v2/</c>: the customer's own host.</summary>
        public Uri BaseUrl { get; private set; } = new Uri("http://127.0.0.1/v2/");

        /// <summary>A second port that stands in for Gong's generic host (<c>api.gong.io</c>): it refuses every bearer token.</summary>
        public Uri GenericBaseUrl { get; private set; } = new Uri("http://127.0.0.1/v2/");

        /// <summary>The token endpoint, such as <c>http://127.0.0.1:5123/oauth2/generate-customer-token</c>.</summary>
        public Uri TokenEndpoint => new Uri(BaseUrl, FakeGongOAuth.TokenPath);

        /// <summary>The authorization page, such as <c>http://127.0.0.1:5123/oauth2/authorize</c>; it consents at once.</summary>
        public Uri AuthorizeEndpoint => new Uri(BaseUrl, FakeGongOAuth.AuthorizePath);

        /// <summary>The clock the fake runs on.</summary>
        public TimeProvider Time { get; }

        /// <summary>The fake's OAuth app and tokens.</summary>
        public FakeGongOAuth OAuth { get; }

        /// <summary>The faults the fake plays.</summary>
        public FakeGongFaults Faults { get; }

        /// <summary>Waited, on the clock, before every Data Privacy answer; may be changed while running.</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>How long an erasure accepted from now on takes before lookups come back empty; may be changed while running.</summary>
        public TimeSpan ErasureDelay { get; set; }

        /// <summary>Every request received so far, in order, subjects masked.</summary>
        public IReadOnlyList<FakeGongRequest> Received => _received.Snapshot(unmasked: false);

        /// <summary>Starts a fake on a free port of 127.0.0.1, on <paramref name="timeProvider"/> (default the system clock).</summary>
        /// <param name="timeProvider">The clock of every delay; give the client the same one.</param>
        /// <param name="cancellationToken">Stops the start.</param>
        /// <returns>The running fake; dispose it to stop it.</returns>
        public static Task<FakeGong> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
            StartAsync(new FakeGongOptions { TimeProvider = timeProvider ?? TimeProvider.System }, cancellationToken);

        /// <summary>Starts a fake with <paramref name="options"/> on 127.0.0.1.</summary>
        /// <param name="options">How it starts.</param>
        /// <param name="cancellationToken">Stops the start.</param>
        /// <returns>The running fake; dispose it to stop it.</returns>
        /// <exception cref="System.IO.IOException">The port is in use.</exception>
        public static async Task<FakeGong> StartAsync(FakeGongOptions options, CancellationToken cancellationToken = default)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (options.Port < 0 || options.Port > 65535 || options.PermitsPerSecond < 1 || options.DailyQuota < 1 || options.ErasureDelay < TimeSpan.Zero || options.Latency < TimeSpan.Zero)
            {
                throw new ArgumentException("Port must be 0 to 65535, PermitsPerSecond and DailyQuota at least 1, ErasureDelay and Latency not negative.", nameof(options));
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.Listen(IPAddress.Loopback, 0); // the generic host
            });
            var app = builder.Build();
            var gong = new FakeGong(app, options);
            app.Run(gong.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
            gong.BaseUrl = new Uri(addresses[0].TrimEnd('/') + "/v2/");
            gong.GenericBaseUrl = new Uri(addresses[1].TrimEnd('/') + "/v2/");
            return gong;
        }

        /// <summary>
        /// Gives <paramref name="subject"/> data in every category, in Gong's shapes: emails, calls, meetings, CRM records
        /// whose <c>fields[].value</c> are of every JSON kind, engagement events (for an address) or matching numbers and
        /// addresses (for a number), with enum values outside the lists of Gong's document, as Gong sends them.
        /// </summary>
        /// <param name="subject">An email address or phone number; any spelling of it finds the data.</param>
        public void Seed(string subject)
        {
            _seeded[KeyOf(subject)] = null;
        }

        /// <summary>
        /// Makes lookups of <paramref name="subject"/> answer exactly <paramref name="json"/> (a JSON object; its
        /// <c>requestId</c> is replaced by the request's own), until an erasure of the subject is carried out.
        /// </summary>
        /// <param name="subject">An email address or phone number.</param>
        /// <param name="json">The answer.</param>
        public void SeedAnswer(string subject, string json)
        {
            var key = KeyOf(subject);
            _seeded[key] = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("The answer must be a JSON object.", nameof(json));
        }

        /// <summary>
        /// Makes Gong accept every erase of <paramref name="subject"/> and never carry it out, as when it refuses to delete
        /// an abnormal number of objects: lookups keep returning its data.
        /// </summary>
        /// <param name="subject">An email address or phone number.</param>
        public void KeepAfterErase(string subject) => _kept[KeyOf(subject)] = true;

        /// <summary>
        /// Makes Gong refuse every erase of <paramref name="subject"/> as an abnormal deletion (its data integrity
        /// protection): 400 with Gong's error body, nothing deleted; sending it again gets the same answer.
        /// </summary>
        /// <param name="subject">An email address or phone number.</param>
        public void RefuseErase(string subject) => _refused[KeyOf(subject)] = true;

        /// <summary>
        /// Makes <paramref name="subject"/> come back <paramref name="after"/> its erasure is carried out, as when Gong
        /// imports it again from a CRM that still holds it: lookups are empty in between, then hold its data again. An erase
        /// of it once it is back (after its source was cleaned) is carried out as any other, and it stays erased.
        /// </summary>
        /// <param name="subject">An email address or phone number.</param>
        /// <param name="after">How long after the erasure is carried out the data is back, on the fake's clock.</param>
        public void ComeBackAfterErase(string subject, TimeSpan after) =>
            _comesBack[KeyOf(subject)] = after >= TimeSpan.Zero ? after : throw new ArgumentOutOfRangeException(nameof(after), "The time must not be negative.");

        /// <summary>Forgets every accepted erasure (in the state file too, if any) and the day's call count.</summary>
        public void Reset() => _state.Reset();

        /// <summary>Every request received so far, in order.</summary>
        /// <param name="unmaskedSubjects">True to have each subject as it was sent (your test's own fixture); false masks it.</param>
        /// <returns>The requests.</returns>
        public IReadOnlyList<FakeGongRequest> GetReceived(bool unmaskedSubjects) => _received.Snapshot(unmaskedSubjects);

        /// <summary>Waits until the fake has received a request <paramref name="match"/> picks (one already received counts).</summary>
        /// <param name="match">Picks the request, such as <c>r =&gt; r.IsErase &amp;&amp; r.Accepted</c>; it sees subjects unmasked.</param>
        /// <param name="cancellationToken">Stops the wait.</param>
        /// <returns>The request, subject masked.</returns>
        public Task<FakeGongRequest> WaitForRequestAsync(Func<FakeGongRequest, bool> match, CancellationToken cancellationToken = default) =>
            _received.WaitAsync(match ?? throw new ArgumentNullException(nameof(match)), cancellationToken);

        /// <summary>Stops the fake.</summary>
        /// <returns>A task that ends when it has stopped.</returns>
        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>Names the fake's address and what it received, never a subject.</summary>
        /// <returns>For example <c>FakeGong(http://127.0.0.1:5123/v2/, 12 requests received)</c>.</returns>
        public override string ToString() => "FakeGong(" + BaseUrl + ", " + _received.Count + " requests received)";

        private static string KeyOf(string subject) =>
            string.IsNullOrWhiteSpace(subject) ? throw new ArgumentException("Give an email address or phone number.", nameof(subject)) : Subjects.Key(subject);
    }
}
