using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>What a seeded subject holds, in Gong's shapes, and how an erasure empties it after the delay.</summary>
    public class SubjectDataTests
    {
        [Fact]
        public async Task A_seeded_address_has_every_category_every_json_kind_and_open_enum_values()
        {
            await using var gong = await FakeGong.StartAsync();
            gong.Seed(Wire.Email);

            var data = (await Wire.LookupAsync(gong.BaseUrl, "Ada@Example.com")).Json;

            foreach (var category in new[] { "emails", "calls", "meetings", "customerData", "customerEngagement" })
            {
                Assert.NotEmpty(data[category]!.AsArray());
            }

            var kinds = data["customerData"]!.AsArray().SelectMany(d => d!["objects"]!.AsArray()).SelectMany(o => o!["fields"]!.AsArray())
                .Select(f => f!["value"]?.GetValueKind() ?? JsonValueKind.Null).Distinct().ToList();
            Assert.Equal(new[] { JsonValueKind.Object, JsonValueKind.Array, JsonValueKind.String, JsonValueKind.Number, JsonValueKind.True, JsonValueKind.False, JsonValueKind.Null }.OrderBy(k => k), kinds.OrderBy(k => k));
            Assert.Contains(data["customerEngagement"]!.AsArray(), e => (string?)e!["eventType"] == "ExternalCallViewing");
            Assert.Contains(data["calls"]!.AsArray().SelectMany(c => c!["externalSystems"]!.AsArray()), s => (string?)s!["system"] is not ("Salesforce" or "HubSpot" or "MicrosoftDynamic" or "Generic"));
            var call = data["calls"]![0]!;
            Assert.Matches("^[1-9][0-9]{18}$", (string?)call["id"]);
            Assert.Equal(32, ((string?)data["emails"]![0]!["id"])!.Length);
            Assert.StartsWith("{\"integrationId\"", (string?)data["customerData"]![0]!["objects"]![0]!["mirrorId"]);
            Assert.True(DateTimeOffset.TryParse((string?)data["customerEngagement"]![0]!["timestamp"], out _));
        }

        [Fact]
        public async Task A_seeded_number_answers_with_the_phone_categories_and_the_number_as_supplied()
        {
            await using var gong = await FakeGong.StartAsync();
            gong.Seed("+14255552671");

            var data = (await Wire.LookupAsync(gong.BaseUrl, "+1 (425) 555-2671")).Json;

            Assert.Equal("+1 (425) 555-2671", (string?)data["suppliedPhoneNumber"]);
            Assert.Equal("+14255552671", (string?)data["matchingPhoneNumbers"]![0]);
            Assert.NotEmpty(data["emailAddresses"]!.AsArray());
            Assert.NotEmpty(data["calls"]!.AsArray());
            Assert.Null(data["customerEngagement"]);
        }

        [Fact]
        public async Task An_unknown_subject_has_empty_arrays_not_a_404_and_a_seeded_answer_comes_back_exactly()
        {
            await using var gong = await FakeGong.StartAsync();
            gong.SeedAnswer("grace@example.com", "{\"requestId\":\"old\",\"emails\":[{\"id\":\"e1\",\"futureField\":[1,2]}],\"calls\":[]}");

            var unknown = await Wire.LookupAsync(gong.BaseUrl, "nobody@example.com");
            var seeded = await Wire.LookupAsync(gong.BaseUrl, "grace@example.com");

            Assert.Equal(200, unknown.Status);
            Assert.All(new[] { "emails", "calls", "meetings", "customerData", "customerEngagement" }, c => Assert.Empty(unknown.Json[c]!.AsArray()));
            Assert.Equal("{\"requestId\":\"" + seeded.TraceId + "\",\"emails\":[{\"id\":\"e1\",\"futureField\":[1,2]}],\"calls\":[]}", seeded.Body);
        }

        [Fact]
        public async Task An_erasure_empties_the_subject_after_the_delay_on_the_fakes_clock_unless_gong_keeps_it()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, ErasureDelay = TimeSpan.FromHours(6), KeepSubjects = new[] { "kept@example.com" } });
            gong.Seed(Wire.Email);
            gong.Seed("kept@example.com");

            var erase = await Wire.EraseAsync(gong.BaseUrl, Wire.Email);
            Assert.Equal(200, (await Wire.EraseAsync(gong.BaseUrl, "KEPT@example.com")).Status);
            time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
            var early = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromSeconds(1));
            var due = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            var kept = await Wire.LookupAsync(gong.BaseUrl, "kept@example.com");

            Assert.NotEmpty(early.Json["emails"]!.AsArray());
            Assert.Empty(due.Json["emails"]!.AsArray());
            Assert.NotEmpty(kept.Json["emails"]!.AsArray());
            Assert.Equal((200, "{\"requestId\":\"" + erase.TraceId + "\"}"), (erase.Status, erase.Body)); // Gong's erase answer: the request id only
        }

        [Theory]
        [InlineData("data-privacy/data-for-email-address?emailAddress=not-an-address", 400)]
        [InlineData("data-privacy/data-for-email-address", 400)]
        [InlineData("data-privacy/data-for-phone-number?phoneNumber=425%20555%202671", 400)]
        [InlineData("data-privacy/email-references?emailAddress=a%40b.com", 404)]
        public async Task Malformed_requests_get_400_and_unknown_paths_404_with_gongs_error_body(string relative, int status)
        {
            await using var gong = await FakeGong.StartAsync();

            var answer = await Wire.SendAsync(System.Net.Http.HttpMethod.Get, gong.BaseUrl, relative, Wire.Basic);

            Assert.Equal(status, answer.Status);
            Assert.Equal(answer.TraceId, answer.RequestId);
            Assert.Single(answer.Json["errors"]!.AsArray());
        }

        [Fact]
        public async Task In_sandbox_mode_the_sample_subjects_hold_data_and_no_match_holds_none()
        {
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { Sandbox = true });

            var ada = (await Wire.LookupAsync(gong.BaseUrl, FakeGong.SampleSubjects[0])).Json;
            var anyone = (await Wire.LookupAsync(gong.BaseUrl, "someone@elsewhere.example")).Json;
            var none = (await Wire.LookupAsync(gong.BaseUrl, FakeGong.SampleSubjects[3])).Json;

            Assert.Equal(3, ada["emails"]!.AsArray().Count);
            Assert.Equal(2, ada["customerEngagement"]!.AsArray().Count);
            Assert.NotEmpty(anyone["emails"]!.AsArray());
            Assert.Empty(none["emails"]!.AsArray());
        }

        [Fact]
        public async Task The_shared_office_line_matches_two_contacts_two_addresses_and_a_number_with_another_country_code()
        {
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { Sandbox = true });

            var line = (await Wire.LookupAsync(gong.BaseUrl, "+1 (206) 555-0199")).Json;

            Assert.Equal(new[] { "+12065550199", "+442065550199" }, line["matchingPhoneNumbers"]!.AsArray().Select(n => (string?)n));
            Assert.Equal(2, line["emailAddresses"]!.AsArray().Count);
            Assert.Equal(2, line["emails"]!.AsArray().Select(e => (string?)e!["from"]).Distinct().Count());
            Assert.Empty(line["customerData"]!.AsArray());
        }

        [Fact]
        public async Task Gong_refuses_the_huge_accounts_erase_as_an_abnormal_deletion_every_time_and_deletes_nothing()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, Sandbox = true, ErasureDelay = TimeSpan.Zero });
            const string Huge = "huge.account@sandbox.example";

            var before = (await Wire.LookupAsync(gong.BaseUrl, Huge)).Json;
            time.Advance(TimeSpan.FromSeconds(1));
            var first = await Wire.EraseAsync(gong.BaseUrl, Huge);
            time.Advance(TimeSpan.FromSeconds(1));
            var second = await Wire.EraseAsync(gong.BaseUrl, Huge);
            time.Advance(TimeSpan.FromSeconds(1));
            var after = (await Wire.LookupAsync(gong.BaseUrl, Huge)).Json;

            Assert.Equal(new[] { 300, 120, 120, 300 }, new[] { "emails", "calls", "meetings", "customerEngagement" }.Select(c => before[c]!.AsArray().Count));
            Assert.Equal(30, before["customerData"]![0]!["objects"]!.AsArray().Count);
            foreach (var refusal in new[] { first, second })
            {
                Assert.Equal(400, refusal.Status);
                Assert.Equal(refusal.TraceId, refusal.RequestId);
                Assert.Contains("abnormal number of objects", (string?)refusal.Json["errors"]![0]);
            }

            Assert.False(gong.Received.Single(r => r.Ordinal == 2).Accepted);
            Assert.Equal(300, after["emails"]!.AsArray().Count);
        }

        [Fact]
        public async Task A_subject_that_comes_back_is_empty_after_its_erasure_and_back_from_the_crm_a_day_later()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, Sandbox = true, ErasureDelay = TimeSpan.FromHours(6) });
            gong.ComeBackAfterErase("later@example.com", TimeSpan.FromHours(2));
            gong.Seed("later@example.com");
            const string Back = "comes.back@sandbox.example";

            Assert.Equal(200, (await Wire.EraseAsync(gong.BaseUrl, Back)).Status);
            Assert.Equal(200, (await Wire.EraseAsync(gong.BaseUrl, "later@example.com")).Status);
            time.Advance(TimeSpan.FromHours(6));
            var erased = (await Wire.LookupAsync(gong.BaseUrl, Back)).Json;
            time.Advance(TimeSpan.FromHours(2));
            var seededBack = (await Wire.LookupAsync(gong.BaseUrl, "later@example.com")).Json;
            time.Advance(TimeSpan.FromHours(22) - TimeSpan.FromSeconds(1));
            var stillErased = (await Wire.LookupAsync(gong.BaseUrl, Back)).Json;
            time.Advance(TimeSpan.FromSeconds(1));
            var back = (await Wire.LookupAsync(gong.BaseUrl, Back)).Json;

            Assert.Empty(erased["emails"]!.AsArray());
            Assert.NotEmpty(seededBack["emails"]!.AsArray());
            Assert.Empty(stillErased["customerData"]!.AsArray());
            Assert.Equal("Salesforce", (string?)back["customerData"]![0]!["system"]);
            Assert.NotEmpty(back["emails"]!.AsArray());
        }
    }
}
