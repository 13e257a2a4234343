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

            // What holds however loaded the machine is (a kill that comes late lets more erases go out; a loaded machine's
            // jitter can draw a 429): the held erase and every one before it reached Gong, and no subject is erased twice.
            Assert.True(erasesAtKill >= KillAtErase - refusedAtKill, $"{erasesAtKill} erases accepted at the kill");
            static string Norm(string subject) => new string(subject.Where(c => char.IsLetterOrDigit(c) || c is '@' or '.').ToArray()).ToLowerInvariant();
            var erased = gong.ErasesPerSubject().ToDictionary(p => Norm(p.Key), p => p.Value);
            Assert.All(erased, pair => Assert.Equal(1, pair.Value));

            // The journal: every valid row's call ends accepted or in doubt exactly once; the broken row is reported by line.
            var lines = File.ReadAllLines(Path.Combine(folder, "journal.jsonl"));
            var entries = lines.Where(l => l.StartsWith("{", StringComparison.Ordinal) && l.EndsWith("}", StringComparison.Ordinal)).Select(JObject.Parse).ToList();
            var terminal = entries.Where(e => (string?)e["event"] == "end" && (string?)e["state"] is "accepted" or "in-doubt").ToList();
            Assert.Equal(32, terminal.Count);
            Assert.Equal(32, terminal.Select(e => (string?)e["key"]).Distinct().Count());
            Assert.Equal(Enumerable.Range(2, 32), terminal.Select(e => (int)e["line"]!).OrderBy(l => l));
            string SubjectOf(JObject entry) => Norm(subjects[(int)entry["line"]! - 2].Split(',')[1]);

            // The erase whose answer was held is in doubt (with calls in flight it need not be the 12th line), and so is any
            // other erase the kill caught on its way: each was journaled as sent, none was sent again. Every done row was
            // erased once with Gong's request id; a subject Gong never erased is one in doubt, never one silently lost.
            var held = Norm(gong.GetReceived(unmaskedSubjects: true).Single(r => r.Fault != null).Subject!);
            var inDoubt = terminal.Where(e => (string?)e["state"] == "in-doubt").ToList();
            Assert.Contains(held, inDoubt.Select(SubjectOf));
            Assert.All(inDoubt, d => Assert.Contains(entries, e => (string?)e["event"] == "sent" && (string?)e["key"] == (string?)d["key"]));
            Assert.All(terminal.Where(e => (string?)e["state"] == "accepted"), e => Assert.Matches("^sbx[a-z0-9]{16}$", (string?)e["requestId"]));
            Assert.All(terminal.Where(e => (string?)e["state"] == "accepted"), e => Assert.True(erased.ContainsKey(SubjectOf(e)), SubjectOf(e) + " is done but Gong never erased it"));
            Assert.True(erased.Count + inDoubt.Count(d => !erased.ContainsKey(SubjectOf(d))) == 32, $"{erased.Count} subjects erased, {inDoubt.Count} in doubt");
            _log.WriteLine($"rows in doubt: {inDoubt.Count} (the held erase among them)");
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
