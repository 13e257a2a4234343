using System;
using System.IO;
using System.Linq;
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

        public GongDataPrivacyClient CreateClient(GongCredential? credential = null) =>
            new GongDataPrivacyClient(credential ?? GongCredential.FromAccessKey(FixtureValues.AccessKey, FixtureValues.AccessKeySecret), BaseUri);

        public ILogEntry[] Requests => Server.LogEntries.ToArray();

        public void Dispose() => Server.Stop();
    }
}
