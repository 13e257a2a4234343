using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Only Gong's answer counts as Gong's: a redirect is never followed (one request on the wire, an error naming where it
    /// pointed), and a 2xx that is not Gong's JSON with a requestId (a sign-in page, a gateway's <c>{}</c>) is neither an
    /// accepted erasure nor "nothing found". Nothing of the body reaches the message.
    /// </summary>
    public class NotGongsAnswerTests
    {
        private const string Lookup = "/v2/data-privacy/data-for-email-address";
        private const string Erase = "/v2/data-privacy/erase-data-for-email-address";

        public static IEnumerable<object[]> RedirectsAndCalls() =>
            from status in new[] { 301, 302, 307 }
            from erase in new[] { true, false }
            select new object[] { status, erase };

        [Theory]
        [MemberData(nameof(RedirectsAndCalls))]
        public async Task A_redirect_is_one_request_on_the_wire_and_an_error_that_names_where_it_points(int status, bool erase)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", "https://login.example.net/sso?return=%2Fapi").WithBody("<html>sign in</html>"));
            var observer = new Recorder();
            using var client = gong.CreateClient(o => o.Retry.Enabled = true);

            GongApiException ex;
            using (GongCallScope.Observe(observer))
            {
                ex = await Assert.ThrowsAsync<GongApiException>(() => Call(client, erase));
            }

            Assert.Single(gong.Requests);
            Assert.Equal(erase ? "POST" : "GET", gong.Requests[0].RequestMessage!.Method);
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(GongCause.NotGongsAnswer, ex.Cause);
            Assert.Equal(GongOutcome.MayHaveReachedGong, ex.Outcome);
            Assert.StartsWith("The base URL redirects (HTTP " + status + ") to https://login.example.net:", ex.Message);
            Assert.Contains("tenant's API host", ex.Message);
            Assert.DoesNotContain("sign in", ex.Message);
            Assert.DoesNotContain("sso", ex.Message);
            var completed = Assert.Single(observer.Completed);
            Assert.Equal(GongCause.NotGongsAnswer, completed.Cause);
        }

        [Theory]
        [InlineData(true, "text/html", "<html><body>Please sign in</body></html>")]
        [InlineData(false, "text/html", "<html><body>Please sign in</body></html>")]
        [InlineData(true, "application/json", "{}")]
        [InlineData(false, "application/json", "{}")]
        [InlineData(false, "application/json", "{\"emails\":[],\"calls\":[]}")]
        public async Task A_2xx_that_is_not_gongs_json_with_a_request_id_is_neither_accepted_nor_nothing_found(bool erase, string media, string body)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", media).WithBody(body));
            var observer = new Recorder();
            using var client = gong.CreateClient(o => o.Retry.Enabled = true);

            GongApiException ex;
            using (GongCallScope.Observe(observer))
            {
                ex = await Assert.ThrowsAsync<GongApiException>(() => Call(client, erase));
            }

            Assert.Single(gong.Requests);
            Assert.Equal(GongCause.NotGongsAnswer, ex.Cause);
            Assert.Equal(GongOutcome.MayHaveReachedGong, ex.Outcome);
            Assert.True(ex.MayHaveReachedGong);
            Assert.True(ex.Message.Contains("What answered is not Gong: a 200 with " + media + ", " + body.Length + " bytes", StringComparison.Ordinal), ex.Message);
            Assert.DoesNotContain(body, ex.Message);
            Assert.DoesNotContain("sign in", ex.ToString());

            // The observer's last word on the attempt is the final one, whether the headers or the body gave it away.
            Assert.Equal(GongCause.NotGongsAnswer, observer.Completed.Last().Cause);
        }

        [Fact]
        public async Task A_redirect_that_a_handler_of_the_callers_own_follows_is_caught_all_the_same()
        {
            using var gong = LoopbackGong.Start();
            using var signIn = LoopbackGong.Start();
            signIn.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"requestId\":\"from-the-wrong-host\"}"));
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", signIn.BaseUri + "v2/data-privacy/data-for-email-address"));
            using var following = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true });
            using var client = GongDataPrivacy.CreateClient(following, gong.BaseUri);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => client.GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(GongCause.NotGongsAnswer, ex.Cause);
            // (The loopback address is masked like any run of digits; a real host name is not.)
            Assert.True(ex.Message.StartsWith("The base URL redirected to http://", StringComparison.Ordinal) && ex.Message.Contains(":" + signIn.BaseUri.Port + " (a handler of your HttpClient followed it)", StringComparison.Ordinal), ex.Message);
        }

        [Fact]
        public async Task Gongs_own_answer_is_read_as_before_and_the_attempt_names_its_host()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Lookup).UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json;charset=UTF-8").WithBody("{\"requestId\":\"r-1\"}"));
            var observer = new Recorder();
            using var client = gong.CreateClient();

            EmailAddressReferences data;
            using (GongCallScope.Observe(observer))
            {
                data = await client.GetDataForEmailAddressAsync(FixtureValues.Email);
            }

            Assert.Equal("r-1", data.RequestId);
            Assert.True(data.IsEmpty);
            var completed = Assert.Single(observer.Completed);
            Assert.Equal(GongCause.None, completed.Cause);
            Assert.Equal(gong.BaseUri.GetLeftPart(UriPartial.Authority), completed.Host);
        }

        [Fact]
        public async Task A_call_scope_hears_the_attempts_of_its_own_call_and_of_no_other_running_at_the_same_time()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(Erase).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"requestId\":\"e\"}").WithDelay(50));
            using var client = gong.CreateClient();
            var subjects = Enumerable.Range(0, 8).Select(i => "person" + i + "@example.com").ToArray();
            var recorders = subjects.ToDictionary(s => s, _ => new Recorder());

            await Task.WhenAll(subjects.Select(async subject =>
            {
                using (GongCallScope.Observe(recorders[subject]))
                {
                    await client.EraseDataForEmailAddressAsync(subject);
                }
            }));

            foreach (var subject in subjects)
            {
                var events = recorders[subject].Events;
                Assert.Equal(2, events.Count);
                Assert.All(events, e => Assert.Equal(subject, e.Subject));
                Assert.Single(events.Select(e => e.CallId).Distinct());
            }

            // Once its scope is disposed, a recorder hears no later call.
            var first = recorders[subjects[0]];
            await client.EraseDataForEmailAddressAsync("later@example.com");
            Assert.Equal(2, first.Events.Count);
        }

        private static Task Call(IGongDataPrivacyClient client, bool erase) =>
            erase ? client.EraseDataForEmailAddressAsync(FixtureValues.Email) : client.GetDataForEmailAddressAsync(FixtureValues.Email);

        private sealed class Recorder : IGongAttemptObserver
        {
            private readonly ConcurrentQueue<(bool Done, GongAttempt Attempt)> _events = new ConcurrentQueue<(bool, GongAttempt)>();

            public IReadOnlyList<GongAttempt> Events => _events.Select(e => e.Attempt).ToList();

            public IReadOnlyList<GongAttempt> Completed => _events.Where(e => e.Done).Select(e => e.Attempt).ToList();

            public void OnSending(GongAttempt attempt) => _events.Enqueue((false, attempt));

            public void OnCompleted(GongAttempt attempt) => _events.Enqueue((true, attempt));
        }
    }
}
