// In an xunit test project: dotnet add package GongPrivacy; dotnet add package GongPrivacy.Testing
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy;
using GongPrivacy.Testing;
using Xunit;

public class DocsExampleTests
{
    [Fact]
    public async Task Erasing_a_subject_empties_it_after_gongs_delay()
    {
        var clock = new FakeGongClock();                          // a FakeTimeProvider: waits within a minute pass at once
        await using var gong = await FakeGong.StartAsync(clock);  // Gong on 127.0.0.1, in this process, on this clock
        gong.Seed("ada@example.com");                             // data in every category
        using var client = GongDataPrivacy.CreateClient(
            new GongDataPrivacyOptions { BaseUrl = gong.BaseUrl.ToString(), AccessKey = "key", AccessKeySecret = "secret" },
            null,
            clock);

        gong.Faults.Next(FakeGongFault.ServerError);              // Gong fails once; the client retries the lookup
        var found = await client.GetDataForEmailAddressAsync("ada@example.com");
        await client.EraseDataForEmailAddressAsync("ada@example.com");
        clock.Advance(gong.ErasureDelay);                         // hours at Gong, no time in the test
        var after = await client.GetDataForEmailAddressAsync("ada@example.com");

        Assert.NotEmpty(found.Emails);
        Assert.Empty(after.Emails);
        Assert.Equal(new int?[] { 500, 200, 200, 200 }, gong.Received.Select(r => r.Status));
        Assert.Equal("a***@e***.com", gong.Received[0].Subject); // masked unless you ask: gong.GetReceived(unmaskedSubjects: true)
    }
}
