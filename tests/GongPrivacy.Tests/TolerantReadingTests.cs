using System;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The generated models read what the live service sends, which Gong's document does not all say: unknown fields and
    /// values are normal, <c>fields[].value</c> is any JSON value, dates come as text or as Unix time, and missing, empty and
    /// null arrays all read as empty.
    /// </summary>
    public class TolerantReadingTests
    {
        private static T Read<T>(string json) => JsonConvert.DeserializeObject<T>(json, GongPrivacy.Serialization.GongJson.Settings)!;

        [Fact]
        public void Values_outside_the_documents_enumerations_are_kept_as_sent()
        {
            var response = Read<EmailAddressReferences>(
                "{\"customerEngagement\":[{\"eventType\":\"ExternalCallViewing\"}]," +
                "\"calls\":[{\"externalSystems\":[{\"system\":\"Zendesk\",\"objects\":[{\"objectType\":\"Ticket\"}]}]}]," +
                "\"customerData\":[{\"system\":\"Pipedrive\",\"objects\":[{\"objectType\":\"Opportunity\"}]}]}");

            Assert.Equal("ExternalCallViewing", response.CustomerEngagement.Single().EventType);
            Assert.Equal("Zendesk", response.Calls.Single().ExternalSystems.Single().System);
            Assert.Equal("Ticket", response.Calls.Single().ExternalSystems.Single().Objects.Single().ObjectType);
            Assert.Equal("Pipedrive", response.CustomerData.Single().System);
            Assert.Equal("Opportunity", response.CustomerData.Single().Objects.Single().ObjectType);
        }

        [Fact]
        public void Documented_enumeration_values_read_as_the_same_text()
        {
            var response = Read<EmailAddressReferences>("{\"customerEngagement\":[{\"eventType\":\"contentViewed\"}],\"customerData\":[{\"system\":\"Salesforce\",\"objects\":[{\"objectType\":\"Lead\"}]}]}");

            Assert.Equal("contentViewed", response.CustomerEngagement.Single().EventType);
            Assert.Equal("Salesforce", response.CustomerData.Single().System);
            Assert.Equal("Lead", response.CustomerData.Single().Objects.Single().ObjectType);
        }

        [Fact]
        public void Unknown_fields_are_kept_at_every_level_and_do_not_fail()
        {
            // Names no document of Gong's will give a field: a field Gong adds (an email's subject, say) becomes a property.
            var response = Read<EmailAddressReferences>(
                "{\"requestId\":\"r\",\"unknownTopLevel\":{\"a\":1},\"calls\":[{\"id\":\"1\",\"unknownNumber\":17,\"externalSystems\":[{\"system\":\"HubSpot\",\"unknownText\":\"eu\",\"objects\":[{\"objectType\":\"Task\",\"unknownArray\":[1,2]}]}]}]," +
                "\"customerData\":[{\"system\":\"Generic\",\"unknownNull\":null,\"objects\":[{\"id\":\"9\",\"unknownFraction\":0.5,\"fields\":[{\"name\":\"n\",\"value\":1,\"unknownLabel\":\"N\"}]}]}]," +
                "\"emails\":[{\"id\":\"e\",\"unknownSubject\":\"hi\"}],\"meetings\":[{\"id\":\"m\",\"unknownTitle\":\"t\"}],\"customerEngagement\":[{\"eventType\":\"customEvent\",\"unknownFlag\":true}]}");

            Assert.Equal(new JObject { ["a"] = 1 }, response.AdditionalProperties["unknownTopLevel"]);
            var call = response.Calls.Single();
            Assert.Equal(17L, call.AdditionalProperties["unknownNumber"]);
            Assert.Equal("eu", call.ExternalSystems.Single().AdditionalProperties["unknownText"]);
            Assert.Equal(new JArray(1, 2), call.ExternalSystems.Single().Objects.Single().AdditionalProperties["unknownArray"]);
            Assert.Equal(0.5, response.CustomerData.Single().Objects.Single().AdditionalProperties["unknownFraction"]);
            Assert.Equal("N", response.CustomerData.Single().Objects.Single().Fields.Single().AdditionalProperties["unknownLabel"]);
            Assert.Equal("hi", response.Emails.Single().AdditionalProperties["unknownSubject"]);
            Assert.Equal("t", response.Meetings.Single().AdditionalProperties["unknownTitle"]);
            Assert.Equal(true, response.CustomerEngagement.Single().AdditionalProperties["unknownFlag"]);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"emails\":null,\"calls\":null,\"meetings\":null,\"customerData\":null,\"customerEngagement\":null}")]
        [InlineData("{\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}")]
        public void Missing_null_and_empty_arrays_read_as_empty_collections(string json)
        {
            var response = Read<EmailAddressReferences>(json);

            Assert.Empty(response.Emails);
            Assert.Empty(response.Calls);
            Assert.Empty(response.Meetings);
            Assert.Empty(response.CustomerData);
            Assert.Empty(response.CustomerEngagement);
            Assert.True(response.IsEmpty);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"matchingPhoneNumbers\":null,\"emailAddresses\":null,\"emails\":null,\"calls\":null}")]
        public void The_phone_answers_missing_or_null_arrays_read_as_empty(string json)
        {
            var response = Read<PhoneNumberReferences>(json);

            Assert.Empty(response.MatchingPhoneNumbers);
            Assert.Empty(response.EmailAddresses);
            Assert.Empty(response.Emails);
            Assert.True(response.IsEmpty);
        }

        [Fact]
        public void Nested_null_arrays_read_as_empty_collections()
        {
            var response = Read<EmailAddressReferences>(
                "{\"calls\":[{\"id\":\"1\",\"externalSystems\":null},{\"id\":\"2\",\"externalSystems\":[{\"system\":\"HubSpot\",\"objects\":null}]}],\"customerData\":[{\"objects\":[{\"fields\":null}]}]}");

            Assert.Empty(response.Calls[0].ExternalSystems);
            Assert.Empty(response.Calls[1].ExternalSystems.Single().Objects);
            Assert.Empty(response.CustomerData.Single().Objects.Single().Fields);
            Assert.False(response.IsEmpty);
        }

        [Theory]
        [InlineData("\"Gong Inc.\"", JTokenType.String)]
        [InlineData("\"2024-01-17T16:20:05-03:00\"", JTokenType.String)]
        [InlineData("42", JTokenType.Integer)]
        [InlineData("12.5", JTokenType.Float)]
        [InlineData("123456789012345678901234567890", JTokenType.Integer)]
        [InlineData("true", JTokenType.Boolean)]
        [InlineData("{\"geo\":{\"lat\":37.33}}", JTokenType.Object)]
        [InlineData("[\"x\",1,null]", JTokenType.Array)]
        public void A_field_value_is_any_json_value_kept_as_sent(string value, JTokenType type)
        {
            var response = Read<EmailAddressReferences>("{\"customerData\":[{\"objects\":[{\"fields\":[{\"name\":\"f\",\"value\":" + value + "}]}]}]}");

            var read = response.CustomerData.Single().Objects.Single().Fields.Single().Value!;
            Assert.Equal(type, read.Type);
            var sent = JsonConvert.DeserializeObject<JToken>(value, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None })!;
            Assert.True(JToken.DeepEquals(sent, read), "read " + read.ToString(Formatting.None));
        }

        [Theory]
        [InlineData("{\"name\":\"f\",\"value\":null}")]
        [InlineData("{\"name\":\"f\"}")]
        public void A_null_or_missing_field_value_reads_as_no_value(string field)
        {
            var response = Read<EmailAddressReferences>("{\"customerData\":[{\"objects\":[{\"fields\":[" + field + "]}]}]}");

            var read = response.CustomerData.Single().Objects.Single().Fields.Single();
            Assert.Equal("f", read.Name);
            Assert.True(read.Value == null || read.Value.Type == JTokenType.Null);
        }

        [Theory]
        [InlineData("\"2020-11-20T21:30:07.233692Z\"", "2020-11-20T21:30:07.2336920+00:00")]
        [InlineData("\"2016-02-16T03:57:04.834+05:30\"", "2016-02-16T03:57:04.8340000+05:30")]
        [InlineData("1547971200.0", "2019-01-20T08:00:00.0000000+00:00")]
        [InlineData("1547971200000", "2019-01-20T08:00:00.0000000+00:00")]
        public void Engagement_timestamps_read_from_iso_text_or_unix_time(string timestamp, string expected)
        {
            var response = Read<EmailAddressReferences>("{\"customerEngagement\":[{\"timestamp\":" + timestamp + "}]}");

            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), response.CustomerEngagement.Single().Timestamp);
            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, response.CustomerEngagement.Single().Timestamp!.Value.Offset);
        }

        [Theory]
        [InlineData("\"yesterday\"")]
        [InlineData("{\"at\":1}")]
        [InlineData("null")]
        public void An_unreadable_timestamp_reads_as_none_without_failing_the_answer(string timestamp)
        {
            var response = Read<EmailAddressReferences>("{\"requestId\":\"r\",\"customerEngagement\":[{\"timestamp\":" + timestamp + ",\"eventName\":\"e\"}]}");

            Assert.Null(response.CustomerEngagement.Single().Timestamp);
            Assert.Equal("e", response.CustomerEngagement.Single().EventName);
            Assert.Equal("r", response.RequestId);
        }

        [Fact]
        public void An_email_keeps_its_send_time_as_sent_and_reads_it_as_a_date()
        {
            var response = Read<EmailAddressReferences>("{\"emails\":[{\"sentTime\":\"2016-02-16T03:57:04.834+05:30\"},{\"sentTime\":\"not a date\"}]}");

            Assert.Equal("2016-02-16T03:57:04.834+05:30", response.Emails[0].SentTime);
            Assert.Equal(new DateTimeOffset(2016, 2, 16, 3, 57, 4, 834, TimeSpan.FromHours(5.5)), response.Emails[0].SentAt);
            Assert.Equal("not a date", response.Emails[1].SentTime);
            Assert.Null(response.Emails[1].SentAt);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_mirror_id_reads_as_the_json_it_encodes_once_or_twice_and_stays_as_sent(bool quotedTwice)
        {
            const string Encoded = "{\"integrationId\":\"262834820328732\",\"crmObjectType\":\"CONTACT\",\"crmId\":\"0031Q00002DFhi4QAD\"}";
            var mirrorId = quotedTwice ? JsonConvert.ToString(Encoded) : Encoded; // Gong's own example quotes it twice
            var json = new JObject { ["customerData"] = new JArray(new JObject { ["objects"] = new JArray(new JObject { ["mirrorId"] = mirrorId }) }) };

            var record = Read<EmailAddressReferences>(json.ToString()).CustomerData.Single().Objects.Single();

            Assert.Equal("CONTACT", record.MirrorIdDecoded!["crmObjectType"]!.Value<string>());
            Assert.Equal("262834820328732", record.MirrorIdDecoded!["integrationId"]!.Value<string>());
            Assert.Equal(mirrorId, record.MirrorId);
        }

        [Theory]
        [InlineData("plain-id-0031Q")]
        [InlineData("")]
        public void A_mirror_id_that_is_not_json_decodes_to_nothing(string mirrorId)
        {
            var record = Read<CustomerDataObject>("{\"mirrorId\":\"" + mirrorId + "\"}");

            Assert.Null(record.MirrorIdDecoded);
            Assert.Equal(mirrorId, record.MirrorId);
        }

        [Fact]
        public void Call_ids_longer_than_a_long_stay_exact()
        {
            var response = Read<EmailAddressReferences>("{\"calls\":[{\"id\":\"18446744073709551615999\"}]}");

            Assert.Equal("18446744073709551615999", response.Calls.Single().Id);
        }

        [Fact]
        public void Both_lookups_answer_the_shared_shape()
        {
            ISubjectReferences email = Read<EmailAddressReferences>("{\"requestId\":\"e\",\"meetings\":[{\"id\":\"m\"}]}");
            ISubjectReferences phone = Read<PhoneNumberReferences>("{\"requestId\":\"p\",\"suppliedPhoneNumber\":\"+1 425\",\"matchingPhoneNumbers\":[\"+1425\"]}");

            Assert.Equal("e", email.RequestId);
            Assert.False(email.IsEmpty);
            Assert.Equal("p", phone.RequestId);
            Assert.False(phone.IsEmpty);
            Assert.Empty(phone.Calls);
        }
    }
}
