using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy;
using GongPrivacy.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.PackageTests
{
    /// <summary>How a user of the two packages tests their code: the real client against the fake, on the test's clock.</summary>
    public class UserStyleTests
    {
        private const string Ada = "ada@example.com";
        private static readonly DateTimeOffset Start = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task Seed_call_inject_a_500_and_a_dropped_connection_and_read_what_gong_received()
        {
            var clock = new FakeGongClock(Start);
            await using var gong = await FakeGong.StartAsync(clock);
            gong.Seed(Ada);
            using var client = GongDataPrivacy.CreateClient(Options(gong), null, clock);

            gong.Faults.Next(FakeGongFault.ServerError);
            var found = await client.GetDataForEmailAddressAsync(Ada);
            gong.Faults.ForSubject(Ada, FakeGongFault.DropAfterAccepting());
            var lost = await Assert.ThrowsAsync<GongApiException>(() => client.EraseDataForEmailAddressAsync(Ada));

            Assert.NotEmpty(found.Emails);
            Assert.True(lost.MayHaveReachedGong); // and the client did not send it again
            var received = gong.GetReceived(unmaskedSubjects: true);
            Assert.Equal(3, received.Count);
            Assert.Equal((FakeGongOperation.LookupEmail, 500, Ada), (received[0].Operation, received[0].Status, received[0].Subject));
            Assert.Equal((FakeGongOperation.LookupEmail, 200), (received[1].Operation, received[1].Status));
            Assert.Equal((FakeGongOperation.EraseEmail, FakeGongOutcome.DroppedAfterAccepting, true), (received[2].Operation, received[2].Outcome, received[2].Accepted));
            Assert.Equal("/v2/data-privacy/erase-data-for-email-address", received[2].Path);
            Assert.All(gong.Received, r => Assert.Equal("a***@e***.com", r.Subject));
        }

        [Fact]
        public async Task An_erase_then_a_verify_after_the_erasure_delay_on_FakeTimeProvider()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, ErasureDelay = TimeSpan.FromHours(6) });
            gong.Seed(Ada);
            using var client = GongDataPrivacy.CreateClient(Options(gong), null, time);

            await client.EraseDataForEmailAddressAsync(Ada);
            var tooEarly = await client.GetDataForEmailAddressAsync(Ada);
            time.Advance(TimeSpan.FromHours(6));
            var verified = await client.GetDataForEmailAddressAsync(Ada);

            Assert.NotEmpty(tooEarly.Emails);
            Assert.Empty(verified.Emails);
            Assert.Empty(verified.Calls);
            Assert.Empty(verified.CustomerData);
        }

        [Fact]
        public async Task A_429_burst_is_honoured_with_Retry_After_in_fake_time()
        {
            var clock = new FakeGongClock(Start);
            await using var gong = await FakeGong.StartAsync(clock);
            gong.Seed(Ada);
            using var client = GongDataPrivacy.CreateClient(Options(gong), null, clock);
            var real = Stopwatch.StartNew();

            gong.Faults.RateLimitBurst(TimeSpan.FromSeconds(20));
            var found = await client.GetDataForEmailAddressAsync(Ada);

            Assert.NotEmpty(found.Emails);
            Assert.Equal(new int?[] { 429, 200 }, gong.Received.Select(r => r.Status));
            Assert.Equal(TimeSpan.FromSeconds(20), gong.Received[1].Time - gong.Received[0].Time); // the client waited what Retry-After said
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(20), "the wait was in fake time, not " + real.Elapsed);
        }

        [Fact]
        public async Task A_60_second_OAuth_token_is_refreshed_when_the_fake_clock_passes_its_life()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Seed(Ada);
            var oauth = new GongOAuthClient(FakeGongOAuth.ClientId, FakeGongOAuth.ClientSecret, gong.TokenEndpoint, timeProvider: time);
            var store = new GongInMemoryTokenStore();
            await oauth.ExchangeCodeAsync(gong.OAuth.IssueCode(), new Uri("http://127.0.0.1/callback"), store);
            using var client = GongDataPrivacy.CreateClient(new GongDataPrivacyOptions { Credential = GongCredential.FromOAuth(oauth, store) }, null, time);

            await client.GetDataForEmailAddressAsync(Ada); // to the customer's host the tokens name
            time.Advance(TimeSpan.FromSeconds(61));
            await client.GetDataForEmailAddressAsync(Ada);

            Assert.Equal(60, gong.OAuth.AccessTokenLifetime.TotalSeconds);
            Assert.Equal(1, gong.OAuth.Refreshes);
            Assert.Equal(0, gong.OAuth.InvalidGrants);
            var lookups = gong.Received.Where(r => r.IsLookup).ToList();
            Assert.All(lookups, r => Assert.Equal((200, FakeGongCredential.Bearer, false), (r.Status, r.Credential, r.AtGenericHost)));
            Assert.Equal(new[] { FakeGongOperation.Token, FakeGongOperation.LookupEmail, FakeGongOperation.Token, FakeGongOperation.LookupEmail }, gong.Received.Select(r => r.Operation));
        }

        [Fact]
        public async Task The_clock_was_the_fake_one()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, ErasureDelay = TimeSpan.FromDays(3) });
            gong.Seed(Ada);
            using var client = GongDataPrivacy.CreateClient(Options(gong), null, time);
            var real = Stopwatch.StartNew();

            await client.EraseDataForEmailAddressAsync(Ada);
            time.Advance(TimeSpan.FromDays(3));
            var after = await client.GetDataForEmailAddressAsync(Ada);

            // Three days of erasure delay passed, and Gong saw the calls at the fake clock's times to the tick: 2030, not today.
            Assert.Empty(after.Emails);
            Assert.Equal(new[] { Start, Start.AddDays(3) }, gong.Received.Select(r => r.Time));
            Assert.True(real.Elapsed < TimeSpan.FromMinutes(1));
        }

        private static GongDataPrivacyOptions Options(FakeGong gong) => new GongDataPrivacyOptions { BaseUrl = gong.BaseUrl.ToString(), AccessKey = "user-key", AccessKeySecret = "user-secret" };
    }
}
