using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>Unknown fields and values are normal; missing, empty and null arrays all read as empty.</summary>
    public class TolerantReadingTests
    {
        private static T Read<T>(string json) => JsonConvert.DeserializeObject<T>(json, GongDataPrivacyClient.SharedJsonSerializerSettings)!;

#if GONG_OPERATION_retrieveEmailReferences
        [Theory]
        [InlineData("Transcript")]
        [InlineData("")]
        [InlineData("42")]
        public void Unknown_DataReference_type_reads_as_null(string value)
        {
            var reference = Read<DataReference>("{\"type\":\"" + value + "\",\"id\":\"1\"}");

            Assert.Null(reference.Type);
            Assert.Equal("1", reference.Id);
        }
#endif

#if GONG_OPERATION_deleteEmailAddressData
        [Fact]
        public void Unknown_DataDeletionResponse_status_reads_as_null()
        {
            var response = Read<DataDeletionResponse>("{\"requestId\":\"r\",\"status\":\"QueuedForReview\"}");

            Assert.Null(response.Status);
            Assert.Equal("r", response.RequestId);
        }
#endif

#if GONG_OPERATION_deleteEmailAddressData
        [Theory]
        [InlineData("\"Complete\"", DataDeletionResponseStatus.Complete)]
        [InlineData("\"complete\"", DataDeletionResponseStatus.Complete)]
        [InlineData("\"Processing\"", DataDeletionResponseStatus.Processing)]
        public void Known_status_values_read_ignoring_case(string json, DataDeletionResponseStatus expected)
        {
            Assert.Equal(expected, Read<DataDeletionResponse>("{\"status\":" + json + "}").Status);
        }
#endif

#if GONG_OPERATION_retrieveEmailReferences
        [Theory]
        [InlineData("{\"type\":{\"name\":\"Call\"}}")]
        [InlineData("{\"type\":[\"Call\"]}")]
        [InlineData("{\"type\":99}")]
        [InlineData("{\"type\":true}")]
        [InlineData("{\"type\":null}")]
        public void Enum_of_an_unexpected_json_kind_reads_as_null(string json)
        {
            Assert.Null(Read<DataReference>(json).Type);
        }
#endif

#if GONG_OPERATION_retrieveEmailReferences
        [Fact]
        public void Enum_as_a_defined_number_reads()
        {
            Assert.Equal(DataReferenceType.Meeting, Read<DataReference>("{\"type\":1}").Type);
        }
#endif

#if GONG_OPERATION_retrieveEmailReferences
        [Fact]
        public void Known_enum_value_is_written_with_its_wire_name()
        {
            var json = JsonConvert.SerializeObject(new DataReference { Type = DataReferenceType.EngageFlow }, GongDataPrivacyClient.SharedJsonSerializerSettings);

            Assert.Equal("{\"type\":\"EngageFlow\"}", json);
        }
#endif

        [Fact]
        public void Undocumented_eventType_from_gongs_own_example_is_kept()
        {
            var response = Read<DataForEmailAddressResponse>("{\"customerEngagement\":[{\"eventType\":\"ExternalCallViewing\"}]}");

            Assert.Equal("ExternalCallViewing", response.CustomerEngagement.Single().EventType);
        }

        [Fact]
        public void Unknown_fields_are_kept_and_do_not_fail()
        {
            var response = Read<DataForEmailAddressResponse>(
                "{\"requestId\":\"r\",\"newTopLevel\":{\"a\":1},\"calls\":[{\"id\":\"1\",\"duration\":17,\"externalSystems\":[{\"system\":\"Zendesk\",\"region\":\"eu\"}]}]}");

            Assert.Equal(new JObject { ["a"] = 1 }, response.AdditionalProperties["newTopLevel"]);
            var call = response.Calls.Single();
            Assert.Equal(17, call.AdditionalProperties["duration"].Value<int>());
            Assert.Equal("Zendesk", call.ExternalSystems.Single().System);
            Assert.Equal("eu", call.ExternalSystems.Single().AdditionalProperties["region"].Value<string>());
#if GONG_OPERATION_retrieveEmailReferences

            var references = Read<EmailReferencesResponse>("{\"references\":[{\"type\":\"Call\",\"score\":0.5}],\"page\":2}");
            Assert.Equal(0.5, (double)references.References!.Single().AdditionalProperties["score"]);
            Assert.Equal(2L, references.AdditionalProperties["page"]);
#endif
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"emails\":null,\"calls\":null,\"meetings\":null,\"customerData\":null,\"customerEngagement\":null}")]
        [InlineData("{\"emails\":[],\"calls\":[],\"meetings\":[],\"customerData\":[],\"customerEngagement\":[]}")]
        public void Missing_null_and_empty_arrays_read_as_empty_collections(string json)
        {
            var response = Read<DataForEmailAddressResponse>(json);

            Assert.NotNull(response.Emails);
            Assert.NotNull(response.Calls);
            Assert.NotNull(response.Meetings);
            Assert.NotNull(response.CustomerData);
            Assert.NotNull(response.CustomerEngagement);
            Assert.True(response.IsEmpty);
        }

        [Fact]
        public void Nested_null_arrays_read_as_empty_collections()
        {
            var response = Read<DataForEmailAddressResponse>(
                "{\"calls\":[{\"id\":\"1\",\"externalSystems\":null},{\"id\":\"2\",\"externalSystems\":[{\"system\":\"HubSpot\",\"objects\":null}]}],\"customerData\":[{\"objects\":[{\"fields\":null}]}]}");

            Assert.Empty(response.Calls[0].ExternalSystems);
            Assert.Empty(response.Calls[1].ExternalSystems.Single().Objects);
            Assert.Empty(response.CustomerData.Single().Objects.Single().Fields);
        }

#if GONG_OPERATION_retrieveEmailReferences && GONG_OPERATION_retrievePhoneReferences
        [Theory]
        [InlineData("{\"requestId\":\"r\"}")]
        [InlineData("{\"references\":null}")]
        [InlineData("{\"references\":[]}")]
        public void Generated_models_read_missing_null_and_empty_arrays_as_empty(string json)
        {
            Assert.Empty(Read<EmailReferencesResponse>(json).References!);
            Assert.Empty(Read<PhoneReferencesResponse>(json).References!);
            Assert.Empty(Read<ErrorResponse>(json.Replace("references", "errors")).Errors!);
        }
#endif

        [Fact]
        public void Field_values_keep_any_json_shape()
        {
            var response = Read<DataForEmailAddressResponse>(
                "{\"customerData\":[{\"objects\":[{\"fields\":[{\"name\":\"s\",\"value\":\"2024-01-17T16:20:05-03:00\"},{\"name\":\"n\",\"value\":12.5},{\"name\":\"o\",\"value\":{\"k\":[1,2]}},{\"name\":\"a\",\"value\":[\"x\",true]}]}]}]}");

            var fields = response.CustomerData.Single().Objects.Single().Fields;
            Assert.Equal(JTokenType.String, fields[0].Value!.Type);
            Assert.Equal("2024-01-17T16:20:05-03:00", fields[0].Value!.Value<string>());
            Assert.Equal(12.5, fields[1].Value!.Value<double>());
            Assert.Equal(JTokenType.Object, fields[2].Value!.Type);
            Assert.Equal(JTokenType.Array, fields[3].Value!.Type);
        }

        [Fact]
        public void The_streaming_reader_parses_typed_dates_and_keeps_date_like_values_as_sent()
        {
            const string json = "{\"emails\":[{\"sentTime\":\"2016-02-16T03:57:04.834+05:30\"}],\"customerEngagement\":[{\"timestamp\":\"2020-11-20T21:30:07.233692Z\"}],\"customerData\":[{\"objects\":[{\"fields\":[{\"name\":\"d\",\"value\":\"2020-11-20T21:30:07.233692Z\"}]}]}],\"seen\":\"2024-01-17T16:20:05-03:00\"}";
            using var reader = new GongPrivacy.Serialization.GongJsonTextReader(new System.IO.StringReader(json));

            var response = JsonSerializer.Create(GongDataPrivacyClient.SharedJsonSerializerSettings).Deserialize<DataForEmailAddressResponse>(reader)!;

            Assert.Equal(new System.DateTimeOffset(2016, 2, 16, 3, 57, 4, 834, System.TimeSpan.FromHours(5.5)), response.Emails.Single().SentTime);
            Assert.Equal(System.TimeSpan.Zero, response.CustomerEngagement.Single().Timestamp!.Value.Offset);
            var value = response.CustomerData.Single().Objects.Single().Fields.Single().Value!;
            Assert.Equal(JTokenType.String, value.Type);
            Assert.Equal("2020-11-20T21:30:07.233692Z", value.Value<string>());
            Assert.Equal(JTokenType.String, response.AdditionalProperties["seen"].Type);
        }

        [Fact]
        public void Call_ids_longer_than_a_long_stay_exact()
        {
            var response = Read<DataForEmailAddressResponse>("{\"calls\":[{\"id\":\"18446744073709551615999\"}]}");

            Assert.Equal("18446744073709551615999", response.Calls.Single().Id);
        }
    }
}
