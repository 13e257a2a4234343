using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// The tool's --sandbox as users run it, in separate processes on the real clock: a batch erases each row once (a 429
    /// that a loaded machine's timing draws is waited out), and request ids never repeat across processes or restarts on
    /// one state file.
    /// </summary>
    public sealed class SandboxProcessTests : IDisposable
    {
        private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);
        private readonly ITestOutputHelper _log;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "gong-privacy-sandbox-processes", Guid.NewGuid().ToString("N"));

        public SandboxProcessTests(ITestOutputHelper log)
        {
            _log = log;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task An_erase_batch_of_30_rows_erases_each_once_and_request_ids_never_repeat_across_two_processes_and_a_restart()
        {
            File.WriteAllText(Path.Combine(_folder, "erase.csv"), string.Join("\n", Enumerable.Range(1, 30).Select(i => "email,person" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "@processes.example")) + "\n");
            File.WriteAllText(Path.Combine(_folder, "lookup.csv"), string.Join("\n", Enumerable.Range(1, 6).Select(i => "email,other" + i + "@processes.example")) + "\n");
            var none = new Dictionary<string, string>(); // ToolProcess gives each run GONG_SANDBOX_STATE in this folder: one state file

            // Two processes at once, each with its own embedded sandbox on the one state file; then a third, a restart.
            var erase = ToolProcess.Start(_folder, none, "batch", "erase", "erase.csv", "--journal", "erase.jsonl", "--yes", "--sandbox");
            var lookup = ToolProcess.Start(_folder, none, "batch", "lookup", "lookup.csv", "--journal", "lookup.jsonl", "--sandbox");
            Assert.Equal(ExitCodes.Ok, await erase.ExitAsync(RunLimit));
            Assert.Equal(ExitCodes.Ok, await lookup.ExitAsync(RunLimit));
            var restart = ToolProcess.Start(_folder, none, "batch", "lookup", "lookup.csv", "--journal", "restart.jsonl", "--sandbox");
            Assert.Equal(ExitCodes.Ok, await restart.ExitAsync(RunLimit));

            var erased = Journal("erase.jsonl");
            var answers = erased.Where(e => (string?)e["event"] == "answered").ToList();
            _log.WriteLine($"erase batch: {answers.Count} answers, statuses {string.Join(",", answers.Select(e => (int?)e["status"]).Distinct())}");
            // The real clock and a sandbox in the tool's own process: on a loaded machine the sandbox can see two calls
            // closer than they left, and answer 429, which the tool waits out and sends again. What must hold whatever the
            // load: every row erased once (one accepted answer each, nothing else but 429s), and each accepted.
            Assert.Equal(30, answers.Count(e => (int?)e["status"] == 200));
            Assert.All(answers, e => Assert.Contains((int?)e["status"], new int?[] { 200, 429 }));
            Assert.Equal(30, erased.Count(e => (string?)e["event"] == "end" && (string?)e["state"] == "accepted"));

            // Every attempt's answer is journaled with Gong's request id (a call's end repeats its last answer's); a 429 is waited out and sent again.
            var ids = new[] { "erase.jsonl", "lookup.jsonl", "restart.jsonl" }.SelectMany(Journal).Where(e => (string?)e["event"] == "answered" && e["requestId"] != null && (int?)e["status"] != 429)
                .Select(e => (string)e["requestId"]!).ToList();
            Assert.Equal(30 + 6 + 6, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }

        private List<JObject> Journal(string name) => File.ReadAllLines(Path.Combine(_folder, name)).Select(JObject.Parse).ToList();
    }
}
