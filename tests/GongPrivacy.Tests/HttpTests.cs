using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    public class HttpTests
    {
        private const string JsonType = "application/json;charset=UTF-8";
        private static readonly string ExpectedBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(FixtureValues.AccessKey + ":" + FixtureValues.AccessKeySecret));

        [Fact]
        public async Task GetDataForEmailAddress_sends_encoded_query_and_reads_the_whole_seed_004_shape()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithBody(FixtureValues.Read("seed-004-example.json")));

            var result = await gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email);

            var request = gong.Requests.Single().RequestMessage!;
            Assert.Equal("GET", request.Method);
            Assert.Equal("/v2/data-privacy/data-for-email-address", request.Path);
            Assert.Equal("emailAddress=a%2Bb%40x.com", request.RawQuery?.TrimStart('?'));
            Assert.Equal(FixtureValues.Email, request.Query!["emailAddress"].Single());
            Assert.Equal(ExpectedBasic, request.Headers!["Authorization"].Single());
            Assert.True(string.IsNullOrEmpty(request.Body));

            Assert.Equal("4al018gzaztcr8nbukw", result.RequestId);
            var email = Assert.Single(result.Emails);
            Assert.Equal("223mjfaaqqjuegabiyrmpctvcwwl75oz", email.Id);
            Assert.Equal(new DateTimeOffset(2019, 1, 20, 0, 0, 0, TimeSpan.FromHours(-8)), email.SentAt);
            var call = Assert.Single(result.Calls);
            Assert.Equal("7782342274025937895", call.Id);
            Assert.Equal("COMPLETED", call.Status);
            Assert.Equal("Task", call.ExternalSystems.Single().Objects.Single().ObjectType);
            Assert.StartsWith("8059707022269524529.", Assert.Single(result.Meetings).Id);
            var contact = result.CustomerData.Single().Objects.Single();
            Assert.Equal("Contact", contact.ObjectType);
            Assert.Equal("CONTACT", JObject.Parse(contact.MirrorId!)["crmObjectType"]!.Value<string>());
            Assert.Equal("Gong Inc.", contact.Fields.Single().Value!.Value<string>());
            var engagement = Assert.Single(result.CustomerEngagement);
            Assert.Equal("ExternalCallViewing", engagement.EventType);
            Assert.Equal(new DateTimeOffset(2019, 1, 20, 8, 0, 0, TimeSpan.Zero), engagement.Timestamp);
            Assert.False(result.IsEmpty);
        }





        [Theory]
        [InlineData(400, "Malformed emailAddress a+b@x.com")]
        [InlineData(401, "Access denied")]
        [InlineData(500, "An error has occurred")]
        public async Task Documented_error_statuses_throw_GongApiException_with_status_request_id_and_errors(int status, string error)
        {
            using var gong = LoopbackGong.Start();
            var body = "{\"requestId\":\"err-" + status + "\",\"errors\":[\"" + error + "\"]}";
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", JsonType).WithBody(body));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(status, ex.StatusCode);
            Assert.Equal("err-" + status, ex.RequestId);
            Assert.Equal(new[] { error }, ex.Errors);
            Assert.Null(ex.RetryAfter);
            AssertNothingLeaks(ex, body);
        }


        [Fact]
        public async Task Status_429_carries_retry_after()
        {
            using var gong = LoopbackGong.Start();
            var body = "{\"requestId\":\"rl-1\",\"errors\":[\"API request limit exceeded\"]}";
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Content-Type", JsonType).WithHeader("Retry-After", "7").WithBody(body));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(429, ex.StatusCode);
            Assert.True(ex.IsRateLimited);
            Assert.Equal("rl-1", ex.RequestId);
            Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
            Assert.Contains("Retry after 7 s", ex.Message);
            AssertNothingLeaks(ex, body);
        }

        [Fact]
        public async Task Html_502_from_a_proxy_gives_the_typed_exception_with_the_trace_header()
        {
            using var gong = LoopbackGong.Start();
            var body = "<html><body><h1>502 Bad Gateway</h1><p>upstream for a+b@x.com failed</p></body></html>";
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithHeader("x-traceid", "trace-502").WithBody(body));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(502, ex.StatusCode);
            Assert.Equal("trace-502", ex.RequestId);
            Assert.Equal("text/html", ex.ContentType);
            Assert.Empty(ex.Errors);
            AssertNothingLeaks(ex, body);
        }

        [Fact]
        public async Task Truncated_json_with_200_gives_the_typed_exception_not_a_parser_error()
        {
            using var gong = LoopbackGong.Start();
            var full = FixtureValues.Read("seed-004-example.json");
            var truncated = full.Substring(0, full.IndexOf("\"calls\"", StringComparison.Ordinal) + 20);
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithHeader("x-traceid", "trace-200").WithBody(truncated));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(200, ex.StatusCode);
            Assert.Equal("trace-200", ex.RequestId);
            Assert.NotNull(ex.ReadFailure);
            Assert.Null(ex.InnerException);
            AssertNothingLeaks(ex, truncated);
        }

        [Fact]
        public async Task Empty_body_with_200_gives_the_typed_exception()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(200, ex.StatusCode);
            Assert.Equal(GongCause.NotGongsAnswer, ex.Cause);
            Assert.Equal(GongOutcome.MayHaveReachedGong, ex.Outcome);
            Assert.Contains("0 bytes", ex.Message);
        }

        [Fact]
        public async Task Empty_body_with_500_gives_the_typed_exception()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(500));

            var ex = await Assert.ThrowsAsync<GongApiException>(() => gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.Email));

            Assert.Equal(500, ex.StatusCode);
            Assert.Null(ex.RequestId);
        }

        [Fact]
        public async Task No_match_reads_as_empty_collections()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-email-address").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType)
                    .WithBody("{\"requestId\":\"none\",\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}"));

            var result = await gong.CreateClient().GetDataForEmailAddressAsync(FixtureValues.OtherEmail);

            Assert.True(result.IsEmpty);
            Assert.Equal("none", result.RequestId);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("not-an-address")]
        [InlineData("two@@x.com")]
        [InlineData("Jane <jane@x.com>")]
        public async Task Bad_email_is_refused_before_anything_is_sent(string email)
        {
            using var gong = LoopbackGong.Start();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => gong.CreateClient().GetDataForEmailAddressAsync(email));

            Assert.Equal("emailAddress", ex.ParamName);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task Null_email_is_refused_before_anything_is_sent()
        {
            using var gong = LoopbackGong.Start();

            var ex = await Assert.ThrowsAsync<ArgumentNullException>(() => gong.CreateClient().GetDataForEmailAddressAsync(null!));

            Assert.Equal("emailAddress", ex.ParamName);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public void Plain_http_to_a_remote_host_is_refused_before_anything_is_sent()
        {
            var transport = new CountingHandler();

            var ex = Assert.Throws<ArgumentException>(() => GongDataPrivacy.CreateClient(new HttpClient(transport), new Uri("http://api.gong.io/v2")));
            var viaOptions = Assert.Throws<ArgumentException>(() => GongDataPrivacy.CreateClient(new GongDataPrivacyOptions { BaseUrl = "http://api.gong.io", AccessKey = "k", AccessKeySecret = "s" }));

            Assert.Contains("https", ex.Message);
            Assert.Contains("https", viaOptions.Message);
            Assert.Equal(0, transport.Count);
        }

        private static void AssertNothingLeaks(Exception ex, string body)
        {
            var texts = new[] { ex.Message, ex.ToString() };
            foreach (var text in texts)
            {
                Assert.DoesNotContain(body, text);
                Assert.DoesNotContain(FixtureValues.Email, text);
                Assert.DoesNotContain(FixtureValues.AccessKeySecret, text);
                Assert.DoesNotContain(FixtureValues.AccessKey, text);
                Assert.DoesNotContain("<html>", text);
                Assert.DoesNotContain("223mjfaaqqjuegabiyrmpctvcwwl75oz", text);
            }
        }
    }
}
