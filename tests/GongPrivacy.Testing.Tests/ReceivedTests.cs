using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>What the fake received, as a test reads it: time, method, path, subject masked unless asked, outcome.</summary>
    public class ReceivedTests
    {
        [Fact]
        public async Task Each_request_is_logged_with_its_time_on_the_clock_and_its_subject_masked_unless_asked()
        {
            var start = new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero);
            var time = new FakeTimeProvider(start);
            await using var gong = await FakeGong.StartAsync(time);

            var erase = await Wire.EraseAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromSeconds(2));
            await Wire.LookupAsync(gong.BaseUrl, Wire.Phone);

            var masked = gong.Received;
            var unmasked = gong.GetReceived(unmaskedSubjects: true);
            Assert.Equal(2, masked.Count);
            Assert.Equal((1, start, "POST", "/v2/data-privacy/erase-data-for-email-address", FakeGongOperation.EraseEmail), (masked[0].Ordinal, masked[0].Time, masked[0].Method, masked[0].Path, masked[0].Operation));
            Assert.Equal(("a***@e***.com", Wire.Email), (masked[0].Subject, unmasked[0].Subject));
            Assert.Equal(("+1******2671", Wire.Phone), (masked[1].Subject, unmasked[1].Subject));
            Assert.Equal((FakeGongOutcome.Answered, 200, erase.TraceId, true), (masked[0].Outcome, masked[0].Status, masked[0].RequestId, masked[0].Accepted));
            Assert.Equal(start.AddSeconds(2), masked[1].Time);
            Assert.DoesNotContain("ada@", string.Join("\n", masked) + gong);
            Assert.DoesNotContain("555 2671", string.Join("\n", masked));
        }

        [Fact]
        public async Task A_test_can_wait_for_a_request_without_polling()
        {
            await using var gong = await FakeGong.StartAsync();

            var waiting = gong.WaitForRequestAsync(r => r.IsErase && r.Subject == "grace@example.com");
            await Wire.EraseAsync(gong.BaseUrl, Wire.Email);
            Assert.False(waiting.IsCompleted);
            await Wire.EraseAsync(gong.BaseUrl, "grace@example.com");

            var found = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, found.Ordinal);
            Assert.Equal("g***@e***.com", found.Subject);
            Assert.True(gong.WaitForRequestAsync(r => r.Ordinal == 1).IsCompletedSuccessfully, "a request already received counts at once");
        }
    }
}
