using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Failures that say whether Gong may have acted on a call, and a bad subject refused the same way by every
    /// operation.
    /// </summary>
    public partial class SeamsTests
    {
        [Fact]
        public async Task A_token_provider_that_fails_sends_nothing_and_says_so()
        {
            using var gong = LoopbackGong.Start();
            using var client = GongDataPrivacy.CreateClient(gong.Options(o =>
            {
                o.AccessKey = null;
                o.AccessKeySecret = null;
                o.TokenProvider = _ => throw new InvalidOperationException("vault unavailable");
                o.Retry.Enabled = true;
            }));

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(0, ex.StatusCode);
            Assert.Equal(GongCredentialFailure.TokenProviderFailed, ex.Reason);
            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.False(ex.MayHaveReachedGong);
            Assert.IsType<InvalidOperationException>(ex.InnerException);
            Assert.Contains("nothing was sent", ex.Message);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task A_refused_connection_never_reached_gong_and_names_its_cause()
        {
            var port = LoopbackPorts.Free();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(
                new GongDataPrivacyOptions { BaseUrl = "http://127.0.0.1:" + port, AccessKey = "k", AccessKeySecret = "s", RateLimit = { Enabled = false }, Retry = { MaxRetries = 1 } },
                null,
                time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.EraseDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(0, ex.StatusCode);
            Assert.False(ex.MayHaveReachedGong);
            Assert.Equal(2, ex.Attempts); // never sent, so an erasure is retried like any call
            Assert.Contains("refused", ex.Message);
            Assert.Contains("Nothing reached Gong", ex.Message);
        }

        [Fact]
        public async Task Cancelled_while_waiting_for_the_limiter_is_not_sent()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup)).RespondWith(Response.Create().WithStatusCode(200).WithBody(Ok));
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(gong.Options(o => { o.AccessKey = "cancel-" + Guid.NewGuid(); o.RateLimit.Enabled = true; o.RateLimit.PermitsPerSecond = 1; }), null, time);
            await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            using var cancel = new CancellationTokenSource();

            var waiting = client.EraseDataForEmailAddressAsync(FixtureValues.Email, cancel.Token);
            await time.NextWaitAsync();
            cancel.Cancel();

            var ex = await Assert.ThrowsAsync<GongOperationCanceledException>(() => waiting);
            Assert.False(ex.MayHaveReachedGong);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task An_erasure_whose_connection_dropped_after_sending_may_have_reached_gong_and_is_not_sent_again()
        {
            using var gong = RawLoopbackServer.DropsAfterReading();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(RawOptions(gong, o => o.Retry.Enabled = true), null, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.EraseDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.Equal(0, ex.StatusCode);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(1, ex.Attempts);
            Assert.Contains("Gong may have received it", ex.Message);
            Assert.Equal(1, gong.Requests);
        }

        [Fact]
        public async Task A_lookup_whose_connection_dropped_is_retried_and_reports_every_attempt()
        {
            using var gong = RawLoopbackServer.DropsAfterReading();
            var time = new FakeClock();
            using var client = GongDataPrivacy.CreateClient(RawOptions(gong, o => { o.Retry.Enabled = true; o.Retry.MaxRetries = 2; }), null, time);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => time.DriveAsync(client.GetDataForEmailAddressAsync(FixtureValues.Email)));

            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal(3, ex.Attempts);
            // .NET's own transport may send a GET again on a fresh connection when a reused one closes before any answer.
            Assert.True(gong.Requests >= 3, gong.Requests + " requests");
        }




        [Fact]
        public async Task Every_operation_that_takes_a_subject_refuses_a_bad_one_the_same_way_and_sends_nothing()
        {
            using var gong = LoopbackGong.Start();
            using var client = GongDataPrivacy.CreateClient(gong.Options());
            var expected = new System.Collections.Generic.Dictionary<string, string>
            {
                ["emailAddress"] = (await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForEmailAddressAsync("not-an-email"))).Message,
                ["phoneNumber"] = (await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForPhoneNumberAsync("4255552671"))).Message,
            };

            // Found by their parameters, whatever the document holds: an operation Gong adds without a subject (an erasure's
            // status by request id) has nothing to refuse, and one it adds with a subject must refuse like the others.
            var withSubject = ClientOperations.All().Where(o => o.GetParameters().Any(p => expected.ContainsKey(p.Name!))).ToList();
            Assert.NotEmpty(withSubject);
            foreach (var operation in withSubject)
            {
                var ex = await Record.ExceptionAsync(() => ClientOperations.Invoke(client, operation, CancellationToken.None, "not-an-email", "4255552671"));
                var refusal = Assert.IsAssignableFrom<ArgumentException>(ex);
                Assert.True(expected.ContainsKey(refusal.ParamName!), operation.Name + " refused " + refusal.ParamName);
                Assert.Equal(expected[refusal.ParamName!], refusal.Message);
            }

            Assert.Empty(gong.Requests);
        }
    }
}
