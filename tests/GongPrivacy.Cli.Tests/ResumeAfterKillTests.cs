using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;
using Xunit.Abstractions;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The real tool as a child process: a batch erase killed mid-call, then resumed.</summary>
    [Collection(ProcessTestsCollection.Name)]
    public class ResumeAfterKillTests
    {
        private const int KillAtErase = 12;
        private readonly ITestOutputHelper _log;

        public ResumeAfterKillTests(ITestOutputHelper log) => _log = log;

        [Fact]
        public async Task A_batch_killed_while_Gong_answers_an_erase_resumes_with_every_subject_erased_exactly_once()
        {
            // The real clock: the tool runs as a child process. The 12th erase is accepted, then its answer is held: the tool
            // is killed while it waits for it.
            await using var gong = await FakeGong.StartAsync(new FakeGongOptions { Sandbox = true });
            gong.Faults.When(call => call.IsErase && call.OperationOrdinal == KillAtErase, FakeGongFault.SlowAnswer(TimeSpan.FromHours(1)));
            var folder = Path.Combine(Path.GetTempPath(), "gong-privacy-kill", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var subjects = Enumerable.Range(1, 30).Select(i => "email,subject" + i.ToString("D2") + "@batch.example")
                .Concat(new[] { "phone,+1 425 555 01" + "11", "phone,+44 20 7946 0018", "email,broken-row-without-at-sign" })
                .ToList();
            File.WriteAllText(Path.Combine(folder, "subjects.csv"), "kind,value\n" + string.Join("\n", subjects) + "\n");
            var args = new[] { "batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--max-in-flight", "4" };

            var first = Start(folder, gong, args);
            await gong.WaitForRequestAsync(r => r.Fault != null).WaitAsync(TimeSpan.FromSeconds(60));
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
            var erasesAtKill = gong.ErasesAccepted();
            var requestsAtKill = gong.Received.Count;
            var refusedAtKill = gong.RateLimited(); // none of the client's making; a loaded machine's jitter can bunch arrivals

            var second = Start(folder, gong, args.Append("--resume").ToArray());
            await second.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            var output = first.Output.ToString() + second.Output.ToString();
            _log.WriteLine($"subjects {subjects.Count - 1} valid + 1 invalid; killed while erase #{KillAtErase} was answered; erases at kill {erasesAtKill}, requests at kill {requestsAtKill}; erases in all {gong.ErasesAccepted()}, requests in all {gong.Received.Count}, 429s {gong.RateLimited()}; resume exit {second.Process.ExitCode}");
            _log.WriteLine(second.Output.ToString());
            var t0 = gong.Received[0].Time;
            _log.WriteLine("429 answers (request #, ms after the first): " + string.Join(", ", gong.Received.Where(r => r.Status == 429).Select(r => $"#{r.Ordinal} at {(r.Time - t0).TotalMilliseconds:0}")));

            // The server's own log: every valid subject erased exactly once, the held one included.
            Assert.Equal(KillAtErase - refusedAtKill, erasesAtKill);
            Assert.Equal(32, gong.ErasesPerSubject().Count);
            Assert.All(gong.ErasesPerSubject(), pair => Assert.Equal(1, pair.Value));
            Assert.Equal(32, gong.ErasesAccepted());

            // The journal: every valid row's call ends accepted or in doubt exactly once; the broken row is reported by line.
            var lines = File.ReadAllLines(Path.Combine(folder, "journal.jsonl"));
            var entries = lines.Where(l => l.StartsWith("{", StringComparison.Ordinal) && l.EndsWith("}", StringComparison.Ordinal)).Select(JObject.Parse).ToList();
            var terminal = entries.Where(e => (string?)e["event"] == "end" && (string?)e["state"] is "accepted" or "in-doubt").ToList();
            Assert.Equal(32, terminal.Count);
            Assert.Equal(32, terminal.Select(e => (string?)e["key"]).Distinct().Count());
            Assert.Equal(Enumerable.Range(2, 32), terminal.Select(e => (int)e["line"]!).OrderBy(l => l));
            // The erase whose answer was held is the one row in doubt (with calls in flight it need not be the 12th line);
            // the others in flight then were still waiting for the rate limiter, so they were not sent.
            var inDoubt = Assert.Single(terminal, e => (string?)e["state"] == "in-doubt");
            Assert.Contains(entries, e => (string?)e["event"] == "sent" && (string?)e["key"] == (string?)inDoubt["key"]);
            Assert.All(terminal.Where(e => (string?)e["state"] == "accepted"), e => Assert.Matches("^sbx[a-z0-9]{16}$", (string?)e["requestId"]));
            Assert.Single(entries, e => (string?)e["event"] == "row" && (string?)e["state"] == "invalid" && (int?)e["line"] == 34);
            Assert.Equal(ExitCodes.BatchIncomplete, second.Process.ExitCode);

            // No line of the journal or of either run's output holds an unmasked subject.
            foreach (var text in lines.Concat(output.Split('\n')))
            {
                Assert.DoesNotContain("@batch.example", text);
                Assert.DoesNotContain("broken-row-without-at-sign", text);
                Assert.DoesNotContain("555 0111", text);
                Assert.DoesNotContain("7946 0018", text);
            }

            Directory.Delete(folder, recursive: true);
        }

        private static (Process Process, StringBuilder Output) Start(string folder, FakeGong gong, string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Tool());
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["GONG_ACCESS_KEY"] = "kill-test-key";
            start.Environment["GONG_ACCESS_KEY_SECRET"] = "kill-test-secret";
            start.Environment["GONG_BASE_URL"] = gong.BaseUrl.ToString();
            start.Environment.Remove("GONG_BEARER_TOKEN");
            var output = new StringBuilder();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return (process, output);
        }

        /// <summary>The built tool: gong-privacy.dll beside the tests (a project reference copies it with its runtimeconfig).</summary>
        private static string Tool()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "gong-privacy.dll");
            Assert.True(File.Exists(path) && File.Exists(Path.Combine(AppContext.BaseDirectory, "gong-privacy.runtimeconfig.json")), "the tool is not built beside the tests: " + path);
            return path;
        }
    }
}
