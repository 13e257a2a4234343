using System;
using System.IO;
using System.Threading.Tasks;
using GongPrivacy;

// Usage: GongPrivacy.OAuthRace <token file> <token endpoint> <client id> <client secret> <calls> <go file>
// Waits for the go file (so that every process starts refreshing at once), then makes <calls> calls through a
// GongFileTokenStore. Prints "ok <refreshes>" and exits 0 when every call succeeded; prints the failure and exits 1 otherwise.
var tokenFile = args[0];
var oauth = new GongOAuthClient(args[2], args[3], new Uri(args[1]));
var credential = GongCredential.FromOAuth(oauth, new GongFileTokenStore(tokenFile), TimeSpan.Zero);
var options = new GongDataPrivacyOptions { Credential = credential };
options.RateLimit.Enabled = false;
options.Retry.Enabled = false;
using var client = GongDataPrivacy.CreateClient(options);
var calls = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
while (!File.Exists(args[5]))
{
    await Task.Delay(5);
}

try
{
    for (var i = 0; i < calls; i++)
    {
        await client.GetDataForEmailAddressAsync("race@example.com");
    }

    Console.WriteLine("ok");
    return 0;
}
catch (GongApiException ex)
{
    Console.WriteLine("failed: " + ex.GetType().Name + ": " + ex.Message);
    return 1;
}
