using System;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli
{
    /// <summary>A client for the run: against Gong with credentials from the environment, or against the embedded sandbox.</summary>
    internal sealed class GongConnection : IAsyncDisposable
    {
        public const string AccessKeyVariable = "GONG_ACCESS_KEY";
        public const string AccessKeySecretVariable = "GONG_ACCESS_KEY_SECRET";
        public const string BearerTokenVariable = "GONG_BEARER_TOKEN";
        public const string BaseUrlVariable = "GONG_BASE_URL";

        private GongConnection(GongDataPrivacyClient client, SandboxServer? sandbox, string target)
        {
            Client = client;
            Sandbox = sandbox;
            Target = target;
        }

        public GongDataPrivacyClient Client { get; }

        public SandboxServer? Sandbox { get; }

        /// <summary>Where the calls go, for messages: the host, or "the embedded sandbox".</summary>
        public string Target { get; }

        public static async Task<GongConnection> OpenAsync(CliEnvironment environment, string? baseUrl, bool sandbox)
        {
            if (sandbox)
            {
                var server = await SandboxServer.StartAsync(new SandboxOptions { StateFile = environment.SandboxStateFile, ErasureDelay = environment.SandboxErasureDelay }).ConfigureAwait(false);
                var options = new GongDataPrivacyOptions { BaseUrl = server.BaseUrl.ToString(), AccessKey = "sandbox", AccessKeySecret = "sandbox" };
                return new GongConnection(GongDataPrivacyClient.Create(options), server, "the embedded sandbox");
            }

            var key = environment.GetVariable(AccessKeyVariable);
            var secret = environment.GetVariable(AccessKeySecretVariable);
            var token = environment.GetVariable(BearerTokenVariable);
            var hasKey = !string.IsNullOrEmpty(key) || !string.IsNullOrEmpty(secret);
            var hasToken = !string.IsNullOrEmpty(token);
            if (!hasKey && !hasToken)
            {
                throw new CliException(ExitCodes.Credentials, "No Gong credentials: set " + AccessKeyVariable + " and " + AccessKeySecretVariable + ", or " + BearerTokenVariable + " (or try --sandbox).");
            }

            if (hasKey && hasToken)
            {
                throw new CliException(ExitCodes.Credentials, "Both an access key and a bearer token are set; keep one of " + AccessKeyVariable + "/" + AccessKeySecretVariable + " and " + BearerTokenVariable + ".");
            }

            if (hasKey && (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret)))
            {
                throw new CliException(ExitCodes.Credentials, string.IsNullOrWhiteSpace(key) ? AccessKeyVariable + " is not set; it goes with " + AccessKeySecretVariable + "." : AccessKeySecretVariable + " is not set; it goes with " + AccessKeyVariable + ".");
            }

            var url = baseUrl ?? environment.GetVariable(BaseUrlVariable) ?? "https://api.gong.io";
            string normalized;
            try
            {
                normalized = GongBaseUrl.Normalize(url);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ExitCodes.Usage, FirstSentence(ex.Message));
            }

            var gongOptions = new GongDataPrivacyOptions
            {
                BaseUrl = normalized,
                AccessKey = hasKey ? key : null,
                AccessKeySecret = hasKey ? secret : null,
                BearerToken = hasToken ? token : null,
            };
            try
            {
                return new GongConnection(GongDataPrivacyClient.Create(gongOptions), null, new Uri(normalized).Host);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ExitCodes.Credentials, FirstSentence(ex.Message));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Sandbox != null)
            {
                await Sandbox.DisposeAsync().ConfigureAwait(false);
            }
        }

        internal static string FirstSentence(string message)
        {
            var index = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            return index > 0 ? message.Substring(0, index) : message;
        }
    }
}
