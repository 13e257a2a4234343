using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The batch command in-process: bad input, quota stops across days, resume rules.</summary>
    public class BatchTests
    {
        [Fact]
        public async Task A_malformed_row_is_reported_by_line_and_does_not_stop_the_batch()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), "kind,value\nemail,ada.lovelace@sandbox.example\nfax,+1 425 555 2671\nemail,not-an-address\nphone,\n\nphone,+1 206 555 0100\nemail,ADA.LOVELACE@sandbox.example\n");

            var (code, output) = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");

            Assert.Equal(ExitCodes.BatchIncomplete, code);
            Assert.Contains("line 3: invalid: the first field must be 'email' or 'phone'", output);
            Assert.Contains("line 4: invalid: the email address is not valid", output);
            Assert.Contains("line 5: invalid: no value after 'phone,'", output);
            Assert.Contains("line 8: duplicate of line 2; skipped", output);
            Assert.Contains("line 2: lookup email a***@s***.example: looked up: found", output);
            Assert.Contains("line 7: lookup phone +1******0100: looked up: found", output);
            var journal = Journal(cli);
            Assert.Equal(new[] { 3, 4, 5 }, journal.Where(e => (string?)e["event"] == "row" && (string?)e["state"] == "invalid").Select(e => (int)e["line"]!));
            Assert.Equal(2, journal.Count(e => (string?)e["event"] == "end" && (string?)e["state"] == "found"));
            Assert.DoesNotContain("ada.lovelace", File.ReadAllText(cli.Path("journal.jsonl")), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("425 555", output);
        }

        [Fact]
        public async Task Rows_that_failed_on_a_host_that_does_not_resolve_are_looked_up_on_resume_once_the_url_is_fixed()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\nemail,grace.hopper@sandbox.example\n");
            cli.Variables["GONG_ACCESS_KEY"] = "k";
            cli.Variables["GONG_ACCESS_KEY_SECRET"] = "s";
            cli.Variables["GONG_BASE_URL"] = "https://no-such-host.invalid";

            var failed = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl");
            await using var gong = await cli.StartGongAsync();
            var resumed = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--resume");

            Assert.NotEqual(ExitCodes.Ok, failed.Code);
            Assert.True(resumed.Code == ExitCodes.Ok, resumed.Output);
            Assert.Equal(2, gong.Received.Count);
            Assert.Equal(2, Journal(cli).Count(e => (string?)e["event"] == "end" && (string?)e["state"] == "found"));
        }

        [Fact]
        public async Task A_missing_journal_folder_sends_nothing_and_creates_nothing()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");

            var (code, output) = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "missing/journal.jsonl", "--yes");

            Assert.Equal(ExitCodes.Journal, code);
            Assert.Contains("The journal's folder does not exist", output);
            Assert.Empty(gong.Received);
            Assert.False(Directory.Exists(cli.Path("missing")));
        }

        [Fact]
        public async Task A_read_only_journal_sends_nothing_and_stays_unchanged()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");
            File.WriteAllText(cli.Path("journal.jsonl"), "");
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(cli.Path("journal.jsonl"), FileAttributes.ReadOnly);
            }
            else
            {
                File.SetUnixFileMode(cli.Path("journal.jsonl"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
            }

            var (code, output) = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");

            Assert.Equal(ExitCodes.Journal, code);
            Assert.Contains("is read-only", output);
            Assert.Empty(gong.Received);
            Assert.Equal(0, new FileInfo(cli.Path("journal.jsonl")).Length);
        }

        [Fact]
        public async Task Missing_credentials_stop_the_batch_before_it_starts()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");

            var (code, output) = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl");

            Assert.Equal(ExitCodes.Credentials, code);
            Assert.Contains("No Gong credentials", output);
            Assert.DoesNotContain("\"event\":\"start\"", File.Exists(cli.Path("journal.jsonl")) ? File.ReadAllText(cli.Path("journal.jsonl")) : string.Empty);
        }

        [Fact]
        public async Task An_erase_batch_needs_confirmation()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");

            var (code, output) = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl");

            Assert.Equal(ExitCodes.NotConfirmed, code);
            Assert.Contains("Not confirmed", output);
            Assert.Empty(gong.Received);
        }

        [Fact]
        public async Task A_second_batch_on_the_same_journal_needs_resume_and_the_same_file()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), "email,ada.lovelace@sandbox.example\n");
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes")).Code);

            var again = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes");
            File.AppendAllText(cli.Path("subjects.csv"), "email,grace.hopper@sandbox.example\n");
            var changed = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume");

            Assert.Equal(ExitCodes.Journal, again.Code);
            Assert.Contains("add --resume", again.Output);
            Assert.Equal(ExitCodes.Journal, changed.Code);
            Assert.Contains("another CSV file", changed.Output);
            Assert.Equal(1, gong.ErasesAccepted());
        }

        [Fact]
        public async Task The_daily_quota_stops_the_batch_cleanly_and_resume_continues_the_next_day()
        {
            var time = new FakeGongClock(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero));
            using var cli = new CliHarness { Time = time };
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), string.Join("\n", Enumerable.Range(1, 5).Select(i => $"email,quota{i}@sandbox.example")));

            var first = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--daily-quota", "3");
            time.Advance(TimeSpan.FromSeconds(2)); // past Gong's window of the first run's last calls, which a resume waits out
            var sameDay = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--yes", "--daily-quota", "3");
            time.Advance(TimeSpan.FromHours(5));
            var nextDay = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--yes", "--daily-quota", "3");

            Assert.Equal(ExitCodes.QuotaReached, first.Code);
            Assert.Contains("daily quota (3 calls, every attempt counted) is used up", first.Output);
            Assert.Contains("--resume after 2026-11-24 00:00:00Z", first.Output);
            Assert.Equal(ExitCodes.QuotaReached, sameDay.Code);
            Assert.Equal(ExitCodes.Ok, nextDay.Code);
            Assert.Equal(5, gong.ErasesAccepted());
            Assert.All(gong.ErasesPerSubject().Values, count => Assert.Equal(1, count));
            var done = Journal(cli).Where(e => (string?)e["event"] == "end" && (string?)e["state"] == "accepted").ToList();
            Assert.Equal(5, done.Select(e => (string?)e["key"]).Distinct().Count());
            Assert.Equal(2, Journal(cli).Count(e => (string?)e["event"] == "run-end" && (string?)e["stop"] == "daily-quota"));
        }

        [Fact]
        public async Task An_erase_the_previous_run_left_in_flight_is_not_sent_again()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            File.WriteAllText(cli.Path("subjects.csv"), "email,first@sandbox.example\nemail,second@sandbox.example\n");
            var probe = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "probe.jsonl");
            Assert.True(probe.Code == ExitCodes.Ok, probe.Output);

            // A run that died after writing 'sent' for the second row (the OS killed it: no run end, no digest, a line cut short).
            var source = (string?)File.ReadAllLines(cli.Path("probe.jsonl")).Select(JObject.Parse).Single(e => (string?)e["event"] == "run-start")["source"];
            UnfinishedJournal.Write(cli, "journal.jsonl", journal => new[]
            {
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunStart, Run = "killed01", Action = "erase", Source = source },
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.Start, Run = "killed01", Action = "erase", Line = 2, Kind = "email", Key = journal.KeyOf(Subject.Create(SubjectKind.Email, "second@sandbox.example")), State = RowState.Pending },
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.Sent, Run = "killed01", Action = "erase", Line = 2, Kind = "email", Key = journal.KeyOf(Subject.Create(SubjectKind.Email, "second@sandbox.example")), State = RowMoves.ErasureOnTheWire },
            }, cutTail: "{\"ts\":\"2026-11-23T10:00:02+00:00\",\"event\":\"se");

            var (code, output) = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--yes");

            Assert.True(code == ExitCodes.BatchIncomplete, output);
            Assert.Contains("line 2: erase email s***@s***.example: in doubt from an earlier run; not sent again", output);
            Assert.Equal(1, gong.ErasesAccepted());
            Assert.Equal(1, gong.ErasesPerSubject()["first@sandbox.example"]);
            Assert.Contains(Journal(cli), e => (string?)e["event"] == "end" && (string?)e["state"] == "in-doubt" && (int?)e["line"] == 2);

            var resend = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--resume", "--resend-in-doubt", "--yes");
            Assert.True(resend.Code == ExitCodes.Ok, resend.Output);
            Assert.Equal(2, gong.ErasesAccepted());
        }

        private static System.Collections.Generic.List<JObject> Journal(CliHarness cli) =>
            File.ReadAllLines(cli.Path("journal.jsonl")).Where(l => l.StartsWith("{", StringComparison.Ordinal) && l.EndsWith("}", StringComparison.Ordinal)).Select(JObject.Parse).ToList();
    }
}
