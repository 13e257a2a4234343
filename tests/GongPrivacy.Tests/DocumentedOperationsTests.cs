using System;
using System.Linq;
using System.Threading.Tasks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>The operations Gong documents, beside the email lookup: phone lookup and both erase calls.</summary>
    public class DocumentedOperationsTests
    {
        private const string JsonType = "application/json;charset=UTF-8";
        private const string EmptyPhoneLookup = "{\"requestId\":\"none\",\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"suppliedPhoneNumber\":\"+1(425) 555-2671\",\"matchingPhoneNumbers\":[],\"emailAddresses\":[]}";

        public static TheoryData<string, string, string, string> Operations => new TheoryData<string, string, string, string>
        {
            { "GetDataForPhoneNumber", "GET", "/v2/data-privacy/data-for-phone-number", "phoneNumber=%2B1%28425%29%20555-2671" },
            { "EraseDataForEmailAddress", "POST", "/v2/data-privacy/erase-data-for-email-address", "emailAddress=a%2Bb%40x.com" },
            { "EraseDataForPhoneNumber", "POST", "/v2/data-privacy/erase-data-for-phone-number", "phoneNumber=%2B1%28425%29%20555-2671" },
        };

        public static TheoryData<string, int> OperationsAndErrors
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (var operation in new[] { "GetDataForPhoneNumber", "EraseDataForEmailAddress", "EraseDataForPhoneNumber" })
                {
                    foreach (var status in new[] { 400, 401, 429, 500 })
                    {
                        data.Add(operation, status);
                    }
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(Operations))]
        public async Task Sends_method_path_and_encoded_query_and_no_body(string operation, string method, string path, string query)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath(path))
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithBody(method == "GET" ? EmptyPhoneLookup : "{\"requestId\":\"erase-1\"}"));

            await Invoke(gong.CreateClient(), operation);

            var request = gong.Requests.Single().RequestMessage!;
            Assert.Equal(method, request.Method);
            Assert.Equal(path, request.Path);
            Assert.Equal(query, request.RawQuery?.TrimStart('?'));
            Assert.True(string.IsNullOrEmpty(request.Body), "no body is sent");
            Assert.False(request.Headers!.ContainsKey("Content-Type"), "no content type without a body");
            if (method == "POST")
            {
                Assert.Equal("0", request.Headers["Content-Length"].Single());
            }
        }

        [Fact]
        public async Task Phone_lookup_reads_every_field()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-phone-number").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithBody(FixtureValues.Read("phone-lookup-full.json")));

            var result = await gong.CreateClient().GetDataForPhoneNumberAsync(FixtureValues.Phone);

            Assert.Equal("7qk2m9x0ph0nelk4p", result.RequestId);
            Assert.Equal("9c1d0a7e5b3f4e2d8a6c0b1f2e3d4c5b", result.Emails.Single().Id);
            Assert.Equal("12345678901234567890", result.Calls.Single().Id);
            Assert.Equal("Conversation", result.Calls.Single().ExternalSystems.Single().Objects.Single().ObjectType);
            Assert.EndsWith("_2025-03-05T14:00:00Z", result.Meetings.Single().Id);
            Assert.Equal("Lead", result.CustomerData.Single().Objects.Single().ObjectType);
            Assert.Equal(4, result.CustomerData.Single().Objects.Single().Fields.Count);
            Assert.Equal(FixtureValues.Phone, result.SuppliedPhoneNumber);
            Assert.Equal(new[] { "+14255552671", "+1 425-555-2671" }, result.MatchingPhoneNumbers);
            Assert.Equal(new[] { FixtureValues.Email }, result.EmailAddresses);
            Assert.False(result.IsEmpty);
        }

        [Fact]
        public async Task Phone_lookup_with_no_match_reads_as_empty()
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().WithPath("/v2/data-privacy/data-for-phone-number").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithBody(EmptyPhoneLookup));

            var result = await gong.CreateClient().GetDataForPhoneNumberAsync(FixtureValues.Phone);

            Assert.True(result.IsEmpty);
            Assert.Equal("none", result.RequestId);
            Assert.Empty(result.MatchingPhoneNumbers);
        }

        [Theory]
        [InlineData("EraseDataForEmailAddress")]
        [InlineData("EraseDataForPhoneNumber")]
        public async Task Erase_returns_gongs_request_id(string operation)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingPost())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", JsonType).WithBody("{\"requestId\":\"erase-42\"}"));

            var result = (BaseResponse)(await Invoke(gong.CreateClient(), operation))!;

            Assert.Equal("erase-42", result.RequestId);
            Assert.Single(gong.Requests);
        }

        [Theory]
        [MemberData(nameof(OperationsAndErrors))]
        public async Task Each_documented_error_status_throws_the_typed_exception(string operation, int status)
        {
            using var gong = LoopbackGong.Start();
            var body = "{\"requestId\":\"doc-" + status + "\",\"errors\":[\"An error has occurred for +1(425) 555-2671\"]}";
            var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", JsonType).WithBody(body);
            if (status == 429)
            {
                response = response.WithHeader("Retry-After", "2");
            }

            gong.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);

            var ex = await Assert.ThrowsAsync<GongApiException>(() => Invoke(gong.CreateClient(), operation));

            Assert.Equal(status, ex.StatusCode);
            Assert.Equal("doc-" + status, ex.RequestId);
            Assert.Equal("An error has occurred for +1(425) 555-2671", Assert.Single(ex.Errors));
            Assert.Equal(status == 429 ? TimeSpan.FromSeconds(2) : (TimeSpan?)null, ex.RetryAfter);
            Assert.DoesNotContain(body, ex.ToString());
            Assert.DoesNotContain("555-2671", ex.ToString());
            Assert.Contains("+1******2671", ex.Message);
            Assert.Single(gong.Requests);
        }

        [Theory]
        [InlineData("")]
        [InlineData("4255552671")]
        [InlineData("+")]
        [InlineData("+0 425 555 2671")]
        [InlineData("+1 425 CALL NOW")]
        [InlineData("+1 425")]
        [InlineData("+1234567890123456")]
        public async Task Bad_phone_numbers_are_refused_before_anything_is_sent(string phone)
        {
            using var gong = LoopbackGong.Start();
            var client = gong.CreateClient();

            var lookup = await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForPhoneNumberAsync(phone));
            var erase = await Assert.ThrowsAsync<ArgumentException>(() => client.EraseDataForPhoneNumberAsync(phone));

            Assert.Equal("phoneNumber", lookup.ParamName);
            Assert.Equal("phoneNumber", erase.ParamName);
            Assert.DoesNotContain("2671", lookup.Message);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task Bad_email_is_refused_by_erase_before_anything_is_sent()
        {
            using var gong = LoopbackGong.Start();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => gong.CreateClient().EraseDataForEmailAddressAsync("no-at-sign.example.com"));

            Assert.Equal("emailAddress", ex.ParamName);
            Assert.Empty(gong.Requests);
        }

        internal static async Task<object?> Invoke(IGongDataPrivacyClient client, string operation)
        {
            switch (operation)
            {
                case "GetDataForPhoneNumber":
                    return await client.GetDataForPhoneNumberAsync(FixtureValues.Phone);
                case "EraseDataForEmailAddress":
                    return await client.EraseDataForEmailAddressAsync(FixtureValues.Email);
                case "EraseDataForPhoneNumber":
                    return await client.EraseDataForPhoneNumberAsync(FixtureValues.Phone);
                default:
                    throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation");
            }
        }
    }
}
