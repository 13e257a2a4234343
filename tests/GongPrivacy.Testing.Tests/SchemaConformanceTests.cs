using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NJsonSchema.Validation;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>
    /// Every kind of answer the fake gives, validated against Gong's published document by NJsonSchema: a schema error
    /// fails the test unless it is one of the documented live deviations, and a status the document does not list fails
    /// unless it is one of the documented undocumented statuses.
    /// </summary>
    public class SchemaConformanceTests
    {
        private readonly ITestOutputHelper _log;

        public SchemaConformanceTests(ITestOutputHelper log) => _log = log;

        /// <summary>The committed document, and the same document in OpenAPI 3.1 (a regeneration fixture: type lists, examples).</summary>
        [Theory]
        [InlineData("openapi/gong-api-v2.yml")]
        [InlineData("tests/GongPrivacy.Tests/Fixtures/regeneration/openapi-3.1.yml")]
        public async Task Every_answer_the_fake_gives_validates_against_gongs_document_except_the_documented_live_deviations(string documentPath)
        {
            var document = await GongDocument.GetAsync(documentPath);
            var answers = await EveryKindOfAnswerAsync();
            var deviationsSeen = new HashSet<string>();
            var problems = new List<string>();

            foreach (var (path, method, answer) in answers)
            {
                var response = document.Response(path, method, answer.Status);
                if (response == null)
                {
                    if (!GongDocument.UndocumentedStatuses.ContainsKey(answer.Status))
                    {
                        problems.Add(method + " " + path + ": status " + answer.Status + " is not in Gong's document nor a documented deviation");
                    }

                    deviationsSeen.Add("status " + answer.Status);
                    continue;
                }

                if (answer.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
                {
                    problems.Add(method + " " + path + " " + answer.Status + ": content type " + answer.ContentType);
                }

                if (response["headers"]?["Retry-After"] != null && !int.TryParse(answer.RetryAfter, out _))
                {
                    problems.Add(method + " " + path + " " + answer.Status + ": Retry-After must be an integer (int32), is '" + answer.RetryAfter + "'");
                }

                foreach (var error in await document.ValidateAsync(response, answer.Body))
                {
                    var deviation = GongDocument.LiveDeviations.FirstOrDefault(d => d.Covers(error));
                    if (deviation == null)
                    {
                        problems.Add(method + " " + path + " " + answer.Status + ": " + error.Kind + " at " + error.Path);
                    }
                    else
                    {
                        deviationsSeen.Add(deviation.Why);
                    }
                }
            }

            _log.WriteLine(answers.Count + " answers checked; deviations seen:\n  " + string.Join("\n  ", deviationsSeen.OrderBy(d => d)));
            Assert.Empty(problems);

            // The list stays honest: every documented deviation is one the fake really shows, and each kind of answer was checked.
            Assert.All(GongDocument.LiveDeviations, d => Assert.Contains(d.Why, deviationsSeen));
            Assert.All(GongDocument.UndocumentedStatuses.Keys, s => Assert.Contains("status " + s, deviationsSeen));
            Assert.Equal(new[] { 200, 400, 401, 404, 429, 500, 503 }, answers.Select(a => a.Answer.Status).Distinct().OrderBy(s => s));
        }

        [Theory]
        [InlineData("/v2/data-privacy/data-for-email-address", "{\"requestId\":\"r\",\"emails\":[{\"id\":32}]}", "StringExpected at #/emails[0].id")]
        [InlineData("/v2/data-privacy/data-for-phone-number", "{\"requestId\":\"r\",\"matchingPhoneNumbers\":[\"+1\",\"+1\"]}", "ItemsNotUnique at #/matchingPhoneNumbers")]
        [InlineData("/v2/data-privacy/data-for-email-address", "{\"requestId\":\"r\",\"customerEngagement\":[{\"timestamp\":\"yesterday\"}]}", "DateTimeExpected at #/customerEngagement[0].timestamp")]
        [InlineData("/v2/data-privacy/data-for-email-address", "{\"requestId\":\"r\",\"customerData\":[{\"objects\":[{\"mirrorId\":{\"crmId\":\"x\"}}]}]}", "StringExpected at #/customerData[0].objects[0].mirrorId")]
        public async Task The_check_fails_an_answer_gongs_document_does_not_allow(string path, string json, string expected)
        {
            var document = await GongDocument.GetAsync();

            var errors = await document.ValidateAsync(document.Response(path, "GET", 200)!, json);

            var error = Assert.Single(errors);
            Assert.Equal(expected, error.Kind + " at " + error.Path);
            Assert.DoesNotContain(GongDocument.LiveDeviations, d => d.Covers(error));
        }

        /// <summary>Drives the fake through each answer it has: data of every shape, erasures, and each refusal and fault.</summary>
        private static async Task<List<(string Path, string Method, WireAnswer Answer)>> EveryKindOfAnswerAsync()
        {
            var answers = new List<(string, string, WireAnswer)>();
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, Sandbox = true, ErasureDelay = TimeSpan.Zero });
            const string EmailLookup = "/v2/data-privacy/data-for-email-address";
            const string PhoneLookup = "/v2/data-privacy/data-for-phone-number";

            async Task Add(string path, string method, Func<Task<WireAnswer>> send)
            {
                time.Advance(TimeSpan.FromSeconds(1)); // one call a second: only the 429s the test asks for
                answers.Add((path, method, await send()));
            }

            gong.Seed("seeded@example.com");
            gong.Seed("+44 20 7946 0018");
            var subjects = FakeGong.SampleSubjects.Concat(new[] { "seeded@example.com", "+44 20 7946 0018" })
                .Concat(Enumerable.Range(1, 30).Select(i => "generated" + i + "@example.com"))
                .Concat(Enumerable.Range(10, 10).Select(i => "+1 206 555 01" + i));
            foreach (var subject in subjects)
            {
                await Add(subject.Contains('@') ? EmailLookup : PhoneLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, subject));
            }

            await Add("/v2/data-privacy/erase-data-for-email-address", "POST", () => Wire.EraseAsync(gong.BaseUrl, "seeded@example.com"));
            await Add("/v2/data-privacy/erase-data-for-phone-number", "POST", () => Wire.EraseAsync(gong.BaseUrl, "+44 20 7946 0018"));
            await Add("/v2/data-privacy/erase-data-for-email-address", "POST", () => Wire.EraseAsync(gong.BaseUrl, "huge.account@sandbox.example")); // refused: an abnormal deletion
            await Add(EmailLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, "seeded@example.com")); // erased: empty
            await Add(PhoneLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, "+44 20 7946 0018"));
            await Add(EmailLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, "not-an-address"));
            await Add(PhoneLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, "0044 20"));
            await Add(EmailLookup, "GET", () => Wire.SendAsync(HttpMethod.Get, gong.BaseUrl, "data-privacy/data-for-email-address?emailAddress=a%40b.com", null));
            await Add(EmailLookup, "GET", () => Wire.LookupAsync(gong.GenericBaseUrl, "a@b.com", new AuthenticationHeaderValue("Bearer", "any-token")));
            await Add("/v2/data-privacy/email-references", "GET", () => Wire.SendAsync(HttpMethod.Get, gong.BaseUrl, "data-privacy/email-references?emailAddress=a%40b.com", Wire.Basic));
            foreach (var fault in new[] { FakeGongFault.ServerError, FakeGongFault.ServiceUnavailable, FakeGongFault.RateLimited(TimeSpan.FromSeconds(2)) })
            {
                gong.Faults.Next(fault);
                await Add("/v2/data-privacy/erase-data-for-email-address", "POST", () => Wire.EraseAsync(gong.BaseUrl, "a@b.com"));
            }

            gong.Faults.RateLimitBurst(TimeSpan.FromSeconds(5));
            await Add(PhoneLookup, "GET", () => Wire.LookupAsync(gong.BaseUrl, "+1 206 555 0100"));
            time.Advance(TimeSpan.FromSeconds(5));
            for (var i = 0; i < 4; i++)
            {
                answers.Add((EmailLookup, "GET", await Wire.LookupAsync(gong.BaseUrl, "a@b.com"))); // four in one second: the last is 429
            }

            await using var spent = await FakeGong.StartAsync(new FakeGongOptions { TimeProvider = time, DailyQuota = 1 });
            await Add(EmailLookup, "GET", () => Wire.LookupAsync(spent.BaseUrl, "a@b.com"));
            await Add(EmailLookup, "GET", () => Wire.LookupAsync(spent.BaseUrl, "a@b.com")); // the day's quota is spent
            return answers;
        }
    }
}
