using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The attempt observer however the client is built, observers that fail, and calls cancelled before or during an
    /// attempt.
    /// </summary>
    public partial class OutcomeTests
    {
        [Fact]
        public async Task An_observer_that_fails_before_sending_stops_the_call_with_its_own_exception_and_nothing_is_sent()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"x\"}"));
            var observer = new RecordingObserver { FailOnSending = new IOException("journal disk full") };
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
            });

            var ex = await Assert.ThrowsAsync<IOException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Same(observer.FailOnSending, ex);
            Assert.Empty(gong.Requests);
            Assert.Empty(observer.Completed);
        }

        [Fact]
        public async Task An_observer_on_a_client_of_your_own_HttpClient_hears_the_same()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).RespondWith(Response.Create().WithStatusCode(401).WithBody("{\"requestId\":\"denied\"}"));
            var observer = new RecordingObserver();
            using var own = new HttpClient();
            using var client = GongDataPrivacy.CreateClient(own, gong.BaseUri, observer);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.Equal(new[] { "sending", "completed" }, observer.Events.Select(e => e.Stage));
            Assert.Equal(GongOutcome.Refused, observer.Completed.Single().Outcome);
        }

        [Fact]
        public async Task An_observer_registered_with_dependency_injection_is_used()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-traceid", "di").WithBody("{\"requestId\":\"di\"}"));
            var observer = new RecordingObserver();
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IGongAttemptObserver>(services, observer);
            Microsoft.Extensions.DependencyInjection.GongServiceCollectionExtensions.AddGongDataPrivacyClient(services, o =>
            {
                o.BaseUrl = gong.BaseUri.ToString();
                o.AccessKey = "k";
                o.AccessKeySecret = "s";
                o.RateLimit.Enabled = false;
            });
            using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGongDataPrivacyClient>(provider);

            await client.GetDataForEmailAddressAsync(FixtureValues.Email);

            Assert.Equal("di", observer.Completed.Single().RequestId);
        }


        [Fact]
        public async Task A_credential_that_fails_after_an_earlier_attempt_was_sent_says_the_call_may_have_reached_gong()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(500).WithBody("{\"requestId\":\"boom\"}"));
            var tokens = 0;
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o =>
            {
                o.AccessKey = null;
                o.AccessKeySecret = null;
                o.TokenProvider = _ => ++tokens == 1 ? new ValueTask<string>("first-token") : throw new InvalidOperationException("vault gone");
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
                o.Retry.ResendErasuresInDoubt = true;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            });

            var ex = await Assert.ThrowsAsync<GongCredentialException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(new GongOutcome?[] { GongOutcome.MayHaveReachedGong, GongOutcome.Refused }, observer.Completed.Select(a => a.Outcome));
            Assert.False(observer.Completed[1].Sent);
            Assert.Equal(GongOutcome.Refused, ex.Outcome);
            Assert.Equal(2, ex.Attempts);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Contains("may have reached Gong", ex.Message);
            Assert.Single(gong.Requests);
        }

        [Fact]
        public async Task A_call_cancelled_while_its_request_is_on_the_wire_carries_the_outcome_the_observer_saw()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"late\"}").WithDelay(TimeSpan.FromSeconds(30)));
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);
            using var cancel = new CancellationTokenSource();
            observer.OnSendingDo = () => cancel.CancelAfter(TimeSpan.FromMilliseconds(200)); // cancel once the request is handed over

            var ex = await Assert.ThrowsAsync<GongOperationCanceledException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email, cancel.Token));

            var completed = observer.Completed.Single();
            Assert.Equal(GongOutcome.MayHaveReachedGong, completed.Outcome);
            Assert.Equal(completed.Outcome, ex.Outcome);
            Assert.True(ex.MayHaveReachedGong);
            Assert.Equal("cancelled by the caller", completed.Failure);
            Assert.Equal(cancel.Token, ex.CancellationToken);
        }

        [Fact]
        public async Task A_call_cancelled_before_any_attempt_has_no_outcome_and_sent_nothing()
        {
            using var gong = LoopbackGong.Start();
            var observer = new RecordingObserver();
            using var client = gong.CreateClient(o => o.AttemptObserver = observer);

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email, new CancellationToken(canceled: true)));

            Assert.False((ex as GongOperationCanceledException)?.MayHaveReachedGong ?? false);
            Assert.Null((ex as GongOperationCanceledException)?.Outcome);
            Assert.Empty(observer.Completed);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task An_observer_that_fails_on_completion_reaches_the_caller_unchanged_after_the_attempt_happened()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"x\"}"));
            var observer = new RecordingObserver { FailOnCompleted = new IOException("journal disk full") };
            using var client = gong.CreateClient(o =>
            {
                o.AttemptObserver = observer;
                o.Retry.Enabled = true;
            });

            var ex = await Assert.ThrowsAsync<IOException>(() => client.EraseDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Same(observer.FailOnCompleted, ex);
            Assert.Single(gong.Requests); // it happened once, and was not tried again
            Assert.Equal(GongOutcome.Success, observer.Completed.Single().Outcome);
        }
    }
}
