using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Xunit;

namespace GongPrivacy.PackageTests
{
    /// <summary>The package as shipped: restored from the local feed, it makes real calls on loopback.</summary>
    public sealed class ConsumerSmokeTests : IDisposable
    {
        private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = new[] { "http://127.0.0.1:0" }, StartAdminInterface = false });

        public ConsumerSmokeTests()
        {
            _server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                    .WithBody("{\"requestId\":\"smoke\",\"emails\":[{\"id\":\"e1\"}],\"calls\":[{\"id\":\"12345678901234567890\"}],\"customerEngagement\":[{\"eventType\":\"ExternalCallViewing\"}]}"));
            _server.Given(Request.Create().WithPath("/v2/data-privacy/erase-data-for-email-address").UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithHeader("x-traceid", "erase-trace")
                    .WithBody("{\"requestId\":\"erased\"}"));
        }

        [Fact]
        public void The_client_comes_from_the_package_not_from_a_project()
        {
            var location = typeof(IGongDataPrivacyClient).Assembly.Location;
            var packaged = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "artifacts", "consumer-packages", "gongprivacy");

            Assert.True(Directory.Exists(packaged), "the package must have been restored into artifacts/consumer-packages");
            Assert.Equal(
                File.ReadAllBytes(Directory.GetFiles(packaged, "GongPrivacy.dll", SearchOption.AllDirectories).Single(f => f.Contains(Path.Combine("lib", "net10.0")))),
                File.ReadAllBytes(location));
        }

        [Fact]
        public async Task A_lookup_works_from_the_package()
        {
            using var client = GongDataPrivacy.CreateClient(GongCredential.FromAccessKey("smoke-key", "smoke-secret"), new Uri(_server.Url!));

            var data = await client.GetDataForEmailAddressAsync("a+b@x.com");

            Assert.Equal("smoke", data.RequestId);
            Assert.Equal("12345678901234567890", data.Calls.Single().Id);
            Assert.Equal("ExternalCallViewing", data.CustomerEngagement.Single().EventType);
            Assert.Empty(data.Meetings);
            Assert.Equal("emailAddress=a%2Bb%40x.com", _server.LogEntries.Single().RequestMessage!.RawQuery?.TrimStart('?'));
        }

        [Fact]
        public async Task An_erasure_resolves_from_dependency_injection_and_its_observer_hears_it()
        {
            var observer = new Observer();
            var services = new ServiceCollection();
            services.AddSingleton<IGongAttemptObserver>(observer);
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = _server.Url!;
                o.AccessKey = "smoke-key";
                o.AccessKeySecret = "smoke-secret";
            });
            using var provider = services.BuildServiceProvider();

            var result = await provider.GetRequiredService<IGongDataPrivacyClient>().EraseDataForEmailAddressAsync("a+b@x.com");

            Assert.Equal("erased", result.RequestId);
            Assert.Equal(GongOutcome.Success, observer.Last!.Outcome);
            Assert.Equal("erase-trace", observer.Last.RequestId);
            Assert.Equal("0", _server.LogEntries.Single(e => e.RequestMessage!.Method == "POST").RequestMessage!.Headers!["Content-Length"].Single());
        }

        private sealed class Observer : IGongAttemptObserver
        {
            public GongAttempt? Last { get; private set; }

            public void OnSending(GongAttempt attempt)
            {
            }

            public void OnCompleted(GongAttempt attempt) => Last = attempt;
        }

        public void Dispose() => _server.Stop();
    }
}
