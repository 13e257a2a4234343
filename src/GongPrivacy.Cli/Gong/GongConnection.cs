using System;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.OAuth;
using GongPrivacy.Cli.Runs;
using GongPrivacy.Cli.Sandbox;
using GongPrivacy.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GongPrivacy.Cli.Gong
{
    /// <summary>A client for the run: against Gong with credentials from the environment, or against the embedded sandbox.</summary>
    internal sealed class GongConnection : IAsyncDisposable
    {
        public const string AccessKeyVariable = "GONG_ACCESS_KEY";
        public const string AccessKeySecretVariable = "GONG_ACCESS_KEY_SECRET";
        public const string BearerTokenVariable = "GONG_BEARER_TOKEN";
        public const string BaseUrlVariable = "GONG_BASE_URL";

        private readonly ServiceProvider _services;

        private GongConnection(ServiceProvider services, IGongDataPrivacyClient client, FakeGong? sandbox, string target, string host)
        {
            _services = services;
            Client = client;
            Sandbox = sandbox;
            Target = target;
            Host = host;
        }

        public IGongDataPrivacyClient Client { get; }

        public FakeGong? Sandbox { get; }

        /// <summary>Where the calls go, for messages and the journal: the host, or "the embedded sandbox".</summary>
        public string Target { get; }

        /// <summary>Where the calls go, as scheme, host and port (what each attempt names), so that a change of host is seen.</summary>
        public string Host { get; }

        public static async Task<GongConnection> OpenAsync(CliEnvironment environment, string? baseUrl, bool sandbox)
        {
            if (sandbox)
            {
                var server = await SandboxSettings.StartAsync(environment).ConfigureAwait(false);
                return Create(environment, server.BaseUrl.ToString(), "sandbox", "sandbox", null, server, "the embedded sandbox", server.BaseUrl.GetLeftPart(UriPartial.Authority));
            }

            var key = environment.GetVariable(AccessKeyVariable);
            var secret = environment.GetVariable(AccessKeySecretVariable);
            var token = environment.GetVariable(BearerTokenVariable);
            var hasKey = !string.IsNullOrEmpty(key) || !string.IsNullOrEmpty(secret);
            var hasToken = !string.IsNullOrEmpty(token);
            var app = OAuthEnvironment.ReadApp(environment, required: false);
            var oauth = app == null ? null : GongCredential.FromOAuth(app.Value.Client, app.Value.Store);
            if (oauth != null && (hasKey || hasToken))
            {
                throw new CliException(ExitCodes.Credentials, "Both OAuth (" + OAuthEnvironment.ClientIdVariable + ") and " + (hasKey ? "an access key" : "a bearer token") + " are set; keep one.");
            }

            if (!hasKey && !hasToken && oauth == null)
            {
                throw new CliException(ExitCodes.Credentials, "No Gong credentials: set " + AccessKeyVariable + " and " + AccessKeySecretVariable + ", or " + BearerTokenVariable + ", or " + OAuthEnvironment.ClientIdVariable + ", " + OAuthEnvironment.ClientSecretVariable + " and " + OAuthEnvironment.TokenFileVariable + " (or try --sandbox).");
            }

            if (hasKey && hasToken)
            {
                throw new CliException(ExitCodes.Credentials, "Both an access key and a bearer token are set; keep one of " + AccessKeyVariable + "/" + AccessKeySecretVariable + " and " + BearerTokenVariable + ".");
            }

            if (hasKey && (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret)))
            {
                throw new CliException(ExitCodes.Credentials, string.IsNullOrWhiteSpace(key) ? AccessKeyVariable + " is not set; it goes with " + AccessKeySecretVariable + "." : AccessKeySecretVariable + " is not set; it goes with " + AccessKeyVariable + ".");
            }

            var url = baseUrl ?? environment.GetVariable(BaseUrlVariable) ?? GongLimits.DefaultHost;
            string normalized;
            try
            {
                normalized = GongBaseUrl.Normalize(url);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ExitCodes.Usage, FirstSentence(ex.Message));
            }

            if (oauth != null)
            {
                // OAuth: the customer's own host comes with the tokens, unless a base URL other than the default is set.
                var (target, host) = normalized == GongBaseUrl.Default ? await CustomerHostAsync(app!.Value.Store).ConfigureAwait(false) : (new Uri(normalized).Host, new Uri(normalized).GetLeftPart(UriPartial.Authority));
                return Create(environment, normalized, null, null, null, null, target, host, oauth);
            }

            return Create(environment, normalized, hasKey ? key : null, hasKey ? secret : null, hasToken ? token : null, null, new Uri(normalized).Host, new Uri(normalized).GetLeftPart(UriPartial.Authority));
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync().ConfigureAwait(false);
            if (Sandbox != null)
            {
                await Sandbox.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The library's client through dependency injection. Each row's call observes its own attempts with
        /// <see cref="GongCallScope"/>, so the journal hears of an attempt right before it is handed to the network, and of its
        /// outcome. The library never resends an erasure in doubt: that decision is the tool's (<c>--resend-in-doubt</c>). The
        /// client waits (rate limit, backoff, <c>Retry-After</c>) on the run's clock, the one the embedded sandbox runs on too.
        /// </summary>
        private static GongConnection Create(CliEnvironment environment, string baseUrl, string? key, string? secret, string? token, FakeGong? sandbox, string target, string host, GongCredential? credential = null)
        {
            var services = new ServiceCollection();
            services.AddSingleton(environment.Time);
            services.AddGongDataPrivacyClient(options =>
            {
                options.BaseUrl = baseUrl;
                options.AccessKey = key;
                options.AccessKeySecret = secret;
                options.BearerToken = token;
                options.Credential = credential;
                options.Retry.ResendErasuresInDoubt = false;

                // One owner of the daily quota: every run counts each attempt from its journal (Runs.DailyQuota), so the library's count is off.
                options.RateLimit.DailyQuota = 0;
            });
            var provider = services.BuildServiceProvider();
            try
            {
                return new GongConnection(provider, provider.GetRequiredService<IGongDataPrivacyClient>(), sandbox, target, host);
            }
            catch (OptionsValidationException ex)
            {
                provider.Dispose();
                throw new CliException(ExitCodes.Credentials, FirstSentence(ex.Failures.FirstOrDefault() ?? ex.Message));
            }
            catch (ArgumentException ex)
            {
                provider.Dispose();
                throw new CliException(ExitCodes.Credentials, FirstSentence(ex.Message));
            }
        }

        /// <summary>
        /// For messages and the journal: the customer's host the stored tokens name; a damaged or empty file, or a host that
        /// is not Gong's, is reported by the first call (before anything is sent there).
        /// </summary>
        private static async Task<(string Target, string Host)> CustomerHostAsync(GongFileTokenStore store)
        {
            const string Unknown = "the customer's Gong host (from the OAuth tokens)";
            try
            {
                var tokens = await store.ReadAsync(System.Threading.CancellationToken.None).ConfigureAwait(false);
                return Uri.TryCreate(tokens?.ApiBaseUrlForCustomer, UriKind.Absolute, out var host)
                    ? (host.Authority + " (the customer's host, from the OAuth tokens)", host.GetLeftPart(UriPartial.Authority))
                    : (Unknown, string.Empty);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is System.IO.InvalidDataException || ex is UnauthorizedAccessException || ex is FormatException)
            {
                return (Unknown, string.Empty);
            }
        }

        internal static string FirstSentence(string message)
        {
            var index = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            return index > 0 ? message.Substring(0, index) : message;
        }
    }
}
