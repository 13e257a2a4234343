using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>
    /// The client's rate limiter and Gong's window agree: Gong counts a call when it arrives, which can be well after
    /// the client took its permit (a new connection, a TLS handshake). The client must not get a 429 of its own making.
    /// </summary>
    public class ClientAgreementTests
    {
        [Fact]
        public async Task A_client_whose_first_request_arrives_late_gets_no_429_from_a_fake_that_counts_on_arrival()
        {
            var clock = new FakeGongClock();
            await using var gong = await FakeGong.StartAsync(clock);
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddGongDataPrivacyClient(o =>
            {
                o.BaseUrl = gong.BaseUrl.ToString();
                o.AccessKey = "agreement-key";
                o.AccessKeySecret = "agreement-secret";
                o.Retry.Enabled = false; // a 429 fails the call, and the test
            }).AddHttpMessageHandler(() => new SlowFirstArrival(clock, TimeSpan.FromMilliseconds(200)));
            using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IGongDataPrivacyClient>();

            for (var i = 0; i < 10; i++)
            {
                await client.GetDataForEmailAddressAsync("agreement@example.com");
            }

            var arrivals = gong.Received.Select(r => r.Time).ToList();
            Assert.DoesNotContain(gong.Received, r => r.Status == 429);
            Assert.All(Enumerable.Range(3, arrivals.Count - 3), i => Assert.True(arrivals[i] - arrivals[i - 3] >= TimeSpan.FromSeconds(1), "4 calls arrived within a second"));
        }

        /// <summary>Right before the wire, the first request takes 200 ms of the clock to arrive, as a new connection does.</summary>
        private sealed class SlowFirstArrival : DelegatingHandler
        {
            private readonly FakeGongClock _clock;
            private readonly TimeSpan _delay;
            private int _sent;

            public SlowFirstArrival(FakeGongClock clock, TimeSpan delay)
            {
                _clock = clock;
                _delay = delay;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _sent) == 1)
                {
                    _clock.Advance(_delay);
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
