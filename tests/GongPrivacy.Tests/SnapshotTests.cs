using System;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PublicApiGenerator;
using Snapshooter;
using Snapshooter.Xunit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// The contract, locked: the public API, the requests each operation puts on the wire, and the models.
    /// When the spec changes, the diff of these snapshots is the review.
    /// </summary>
    public class SnapshotTests
    {
        [Theory]
        [InlineData("netstandard2.0")]
        [InlineData("net8.0")]
        [InlineData("net10.0")]
        public void Public_api_of_the_library(string targetFramework)
        {
            var api = BuiltLibrary.PublicApi(targetFramework);

            Assert.Equal(BuiltLibrary.PublicApi("net10.0"), api);
            Snapshot.Match(api.Split('\n').Select(line => line.TrimEnd('\r')).ToArray(), new SnapshotNameExtension(targetFramework));
        }

        [Fact]
        public void Seed_004_example_read_and_written_back() => MatchRoundTrip<DataForEmailAddressResponse>("seed-004-example.json");

        [Fact]
        public void Full_phone_lookup_read_and_written_back() => MatchRoundTrip<DataForPhoneNumberResponse>("phone-lookup-full.json");

        /// <summary>Reads a fixture into its model, writes it back, checks nothing was lost, and snapshots the result.</summary>
        private static void MatchRoundTrip<T>(string fixtureName, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
        {
            var fixture = FixtureValues.Read(fixtureName);
            var model = JsonConvert.DeserializeObject<T>(fixture, GongDataPrivacyClient.SharedJsonSerializerSettings);
            var written = JsonConvert.SerializeObject(model, GongDataPrivacyClient.SharedJsonSerializerSettings);

            Assert.True(JToken.DeepEquals(JObject.Parse(fixture), JObject.Parse(written)), "the model must write back what it read");
            Snapshot.Match(JObject.Parse(written), SnapshotFullName(test));
        }

        private static SnapshotFullName SnapshotFullName(string test) =>
            new SnapshotFullName(nameof(SnapshotTests) + "." + test + ".snap", SourceDirectory());

        private static string SourceDirectory() => System.IO.Path.Combine(BuiltLibrary.RepoRoot(), "tests", "GongPrivacy.Tests");

        [Theory]
        [InlineData("GetDataForEmailAddress")]
        [InlineData("RetrieveEmailReferences")]
        [InlineData("RetrievePhoneReferences")]
        [InlineData("DeleteEmailAddressData")]
        [InlineData("DeletePhoneNumberData")]
        [InlineData("GetDataForPhoneNumber")]
        [InlineData("EraseDataForEmailAddress")]
        [InlineData("EraseDataForPhoneNumber")]
        public async Task Request_on_the_wire(string operation)
        {
            using var gong = LoopbackGong.Start();
            gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"requestId\":\"wire\"}"));
            var client = gong.CreateClient();

            switch (operation)
            {
                case "GetDataForEmailAddress":
                    await client.GetDataForEmailAddressAsync(FixtureValues.Email);
                    break;
                case "RetrieveEmailReferences":
                    await client.RetrieveEmailReferencesAsync(FixtureValues.Email);
                    break;
                case "RetrievePhoneReferences":
                    await client.RetrievePhoneReferencesAsync(FixtureValues.Phone);
                    break;
                case "DeleteEmailAddressData":
                    await client.DeleteEmailAddressDataAsync(new EmailDeleteRequest { EmailAddress = FixtureValues.Email });
                    break;
                case "DeletePhoneNumberData":
                    await client.DeletePhoneNumberDataAsync(new PhoneDeleteRequest { PhoneNumber = FixtureValues.Phone });
                    break;
                default:
                    await DocumentedOperationsTests.Invoke(client, operation);
                    break;
            }

            Snapshot.Match(WireRecord.Of(gong.Requests.Single().RequestMessage!), new SnapshotNameExtension(operation));
        }
    }
}
