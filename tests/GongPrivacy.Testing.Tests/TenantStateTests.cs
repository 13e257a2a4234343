using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>Request ids, and the state file that lets fakes share one tenant across restarts and processes.</summary>
    public sealed class TenantStateTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "fake-gong-tests", Guid.NewGuid().ToString("N"));

        public TenantStateTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task Request_ids_look_like_gongs_match_x_traceid_and_never_repeat_across_fakes_and_restarts_on_one_state_file()
        {
            var state = Path.Combine(_folder, "state.json");
            var ids = new List<string>();
            for (var restart = 0; restart < 3; restart++)
            {
                await using var gong = await FakeGong.StartAsync(new FakeGongOptions { StateFile = state, PermitsPerSecond = 1000 });
                await using var other = await FakeGong.StartAsync(new FakeGongOptions { PermitsPerSecond = 1000 });
                foreach (var fake in new[] { gong, other })
                {
                    for (var i = 0; i < 20; i++)
                    {
                        var answer = await Wire.LookupAsync(fake.BaseUrl, Wire.Email);
                        Assert.Equal(answer.TraceId, answer.RequestId);
                        ids.Add(answer.RequestId!);
                    }
                }
            }

            Assert.Equal(120, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Matches("^sbx[a-z0-9]{16}$", id));
        }

        [Fact]
        public async Task Fakes_on_one_state_file_share_erasures_and_reset_restores_the_subjects()
        {
            var state = Path.Combine(_folder, "state.json");
            var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero));
            var options = new FakeGongOptions { StateFile = state, TimeProvider = time, Sandbox = true };
            await using (var first = await FakeGong.StartAsync(options))
            {
                await Wire.EraseAsync(first.BaseUrl, FakeGong.SampleSubjects[0]);
            }

            time.Advance(TimeSpan.FromSeconds(3));
            await using var second = await FakeGong.StartAsync(options);
            await using var third = await FakeGong.StartAsync(options);
            var erased = await Wire.LookupAsync(second.BaseUrl, FakeGong.SampleSubjects[0]);
            third.Reset();
            var restored = await Wire.LookupAsync(second.BaseUrl, FakeGong.SampleSubjects[0]);

            Assert.Empty(erased.Json["emails"]!.AsArray());
            Assert.Equal(3, restored.Json["emails"]!.AsArray().Count);
            Assert.DoesNotContain("ada", File.ReadAllText(state), StringComparison.OrdinalIgnoreCase);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state));
            }
        }

        [Fact]
        public async Task A_damaged_state_file_is_a_fresh_tenant()
        {
            var state = Path.Combine(_folder, "state.json");
            File.WriteAllText(state, "{not json");
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { StateFile = state, Sandbox = true });

            var answer = await Wire.LookupAsync(gong.BaseUrl, FakeGong.SampleSubjects[0]);

            Assert.Equal(3, answer.Json["emails"]!.AsArray().Count);
        }
    }
}
