using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Two processes share one <see cref="GongFileTokenStore"/> and race to refresh against a loopback token endpoint that
    /// issues single-use refresh tokens and access tokens that expire at once, so every call of either process refreshes.
    /// </summary>
    public class OAuthProcessRaceTests
    {
        private const int Processes = 2;
        private const int CallsPerProcess = 20;

        [Theory]
        [InlineData(0, Processes * CallsPerProcess)] // tokens that expire at once: every call of either process refreshes
        [InlineData(3600, 1)] // tokens that last: the loser of the first race reads the winner's tokens and never refreshes
        public async Task Two_processes_on_one_file_store_spend_each_refresh_token_once(int expiresIn, int expectedRefreshes)
        {
            using var gong = new OAuthLoopback { ExpiresIn = expiresIn };
            var folder = Directory.CreateTempSubdirectory("gong-oauth-race-").FullName;
            try
            {
                var tokenFile = Path.Combine(folder, "tokens.json");
                var first = gong.Issue(DateTimeOffset.UtcNow.AddMinutes(-1));
                Assert.True(await new GongFileTokenStore(tokenFile).TryReplaceAsync(null, first, CancellationToken.None));
                var go = Path.Combine(folder, "go");
                var children = Enumerable.Range(0, Processes).Select(_ => Start(tokenFile, gong, go)).ToArray();
                File.WriteAllText(go, string.Empty);

                var outputs = await Task.WhenAll(children.Select(async child =>
                {
                    using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    var output = await child.StandardOutput.ReadToEndAsync(guard.Token);
                    await child.WaitForExitAsync(guard.Token);
                    return (child.ExitCode, Output: output.Trim());
                }));

                Assert.All(outputs, o => Assert.Equal((0, "ok"), o));
                Assert.Equal(0, gong.InvalidGrants);
                Assert.Equal(expectedRefreshes, gong.Refreshes);
                Assert.Equal(gong.Spent.Count, gong.Spent.Distinct().Count()); // no refresh token was sent twice
                Assert.Equal(first.RefreshToken, gong.Spent[0]);
                Assert.Equal(Processes * CallsPerProcess, gong.Customer.LogEntries.Count(e => (int)e.ResponseMessage!.StatusCode! == 200));
                var last = await new GongFileTokenStore(tokenFile).ReadAsync(CancellationToken.None);
                Assert.DoesNotContain(last!.RefreshToken, gong.Spent); // the store holds the one unspent refresh token
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
                }

                Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public async Task The_file_store_swaps_only_from_the_expected_refresh_token_and_is_owner_only()
        {
            var folder = Directory.CreateTempSubdirectory("gong-file-store-").FullName;
            try
            {
                var store = new GongFileTokenStore(Path.Combine(folder, "t.json"));
                var a = new GongOAuthTokens(OAuthValues.AccessPrefix + "a", OAuthValues.RefreshPrefix + "a", DateTimeOffset.UnixEpoch, "https://us-1.api.gong.io", "s");
                var b = new GongOAuthTokens(OAuthValues.AccessPrefix + "b", OAuthValues.RefreshPrefix + "b", DateTimeOffset.UnixEpoch.AddHours(1), null);

                Assert.Null(await store.ReadAsync(CancellationToken.None));
                Assert.False(await store.TryReplaceAsync("other", a, CancellationToken.None));
                Assert.True(await store.TryReplaceAsync(null, a, CancellationToken.None));
                Assert.False(await store.TryReplaceAsync(null, b, CancellationToken.None));
                Assert.False(await store.TryReplaceAsync(OAuthValues.RefreshPrefix + "b", b, CancellationToken.None));
                Assert.True(await store.TryReplaceAsync(OAuthValues.RefreshPrefix + "a", b, CancellationToken.None));

                var read = await new GongFileTokenStore(Path.Combine(folder, "t.json")).ReadAsync(CancellationToken.None);
                Assert.Equal((b.AccessToken, b.RefreshToken, b.ExpiresAt, (string?)null), (read!.AccessToken, read.RefreshToken, read.ExpiresAt, read.ApiBaseUrlForCustomer));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
                }

                Assert.DoesNotContain("do-not-log", store.ToString());
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static Process Start(string tokenFile, OAuthLoopback gong, string go)
        {
            var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "GongPrivacy.OAuthRace", "bin", Configuration, "net10.0", "GongPrivacy.OAuthRace.dll"));
            Assert.True(File.Exists(dll), dll + " is missing; it is built with the test project.");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "exec", dll, tokenFile, gong.TokenEndpoint.ToString(), OAuthValues.ClientId, OAuthValues.ClientSecret, CallsPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), go })
            {
                start.ArgumentList.Add(arg);
            }

            return Process.Start(start)!;
        }

#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif
    }
}
