using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// The one vocabulary of a row: every state with its journal form (which the run's summary and the JSON and CSV use
    /// too), its page text, whether it is final, whether a resume sends it, and what it adds to the exit code; each state
    /// written to a journal reads back the same in HTML, CSV and JSON; and nothing in the tool decides from a status code
    /// or an outcome's text.
    /// </summary>
    public class RowVocabularyTests
    {
        public static IEnumerable<object[]> Table() => new[]
        {
            // state, journal and tally name, page text, final, resend (without, with --resend-in-doubt), exit in an erase or lookup run, exit in a verify run
            new object[] { nameof(RowState.Pending), "pending", "not attempted", false, true, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Invalid), "invalid", "invalid", true, false, false, ExitCodes.BatchIncomplete, ExitCodes.Ok },
            new object[] { nameof(RowState.Duplicate), "duplicate", "duplicate", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.NotSent), "not-sent", "not sent", false, true, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Refused), "refused", "sent, refused", false, true, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Rejected), "rejected", "refused by Gong", true, false, false, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.InDoubt), "in-doubt", "in doubt", false, false, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Failed), "failed", "failed", false, true, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Accepted), "accepted", "not verified", false, false, false, ExitCodes.Ok, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Remaining), "remaining", "remaining", false, false, false, ExitCodes.Ok, ExitCodes.ReferencesRemain },
            new object[] { nameof(RowState.Verified), "verified", "verified", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.ErasedVerified), "erased-verified", "erased (verified)", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.Found), "found", "looked up: found", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.NothingFound), "nothing-found", "looked up: nothing found", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.Planned), "planned", "planned", false, true, true, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.Held), "held", "held for review", false, false, false, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.NothingHeld), "nothing-held", "nothing held", true, false, false, ExitCodes.Ok, ExitCodes.Ok },
            new object[] { nameof(RowState.NeedsSupport), "needs-support", "refused by Gong: needs Gong Support", true, false, false, ExitCodes.BatchIncomplete, ExitCodes.NotAllVerified },
            new object[] { nameof(RowState.CameBack), "came-back", "came back", false, false, false, ExitCodes.Ok, ExitCodes.CameBack },
        };

        [Theory]
        [MemberData(nameof(Table))]
        public void Each_state_has_one_name_one_page_text_and_its_consequences(string stateName, string name, string page, bool final, bool resent, bool resentInDoubt, int batchExit, int verifyExit)
        {
            var state = Enum.Parse<RowState>(stateName);
            var info = state.Info();

            Assert.Equal(name, info.Name);
            Assert.True(RowStates.TryParse(name, out var parsed) && parsed == state);
            Assert.Equal(page, info.Page);
            Assert.Equal(final, info.Final);
            Assert.Equal(resent, state.IsSentBy(resendInDoubt: false));
            Assert.Equal(resentInDoubt, state.IsSentBy(resendInDoubt: true));
            Assert.Equal(batchExit, info.BatchExit);
            Assert.Equal(verifyExit, info.VerifyExit);
            Assert.False(string.IsNullOrWhiteSpace(info.Meaning));
            Assert.Matches("^#[0-9a-f]{6}$", info.Colour);
        }

        [Fact]
        public void The_tools_docs_give_every_state_its_journal_name_and_its_page_text()
        {
            var docs = File.ReadAllLines(Path.Combine(RepoFolder.Root(), "docs", "tool.md"));
            foreach (var info in RowStates.All)
            {
                Assert.Single(docs, line => line.StartsWith("| `" + info.Name + "` | " + info.Page + " |", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void The_table_names_every_state_once_and_no_two_alike()
        {
            Assert.Equal(Enum.GetValues<RowState>().OrderBy(s => s), RowStates.All.Select(i => i.State).OrderBy(s => s));
            Assert.Equal(Enum.GetValues<RowState>().OrderBy(s => s), Table().Select(row => Enum.Parse<RowState>((string)row[0])).OrderBy(s => s));
            Assert.Equal(RowStates.All.Count, RowStates.All.Select(i => i.Name).Distinct().Count());
            Assert.Equal(RowStates.All.Count, RowStates.All.Select(i => i.Page).Distinct().Count());
            Assert.Equal(RowStates.All.Count, RowStates.All.Select(i => i.Colour).Distinct().Count());
        }

        [Fact]
        public async System.Threading.Tasks.Task Every_state_in_a_journal_reads_back_the_same_in_html_csv_and_json()
        {
            using var cli = new CliHarness();
            var states = Enum.GetValues<RowState>();
            using (var journal = AuditJournal.Open(cli.Path("journal.jsonl"), _ => null))
            {
                journal.Append(new JournalEntry { Timestamp = DateTimeOffset.UtcNow, Event = JournalEvent.RunStart, Run = "r1", Action = "erase", Host = "us-1.api.gong.io", Environment = "production", Operator = "ops" });
                for (var i = 0; i < states.Length; i++)
                {
                    var subject = Subject.Create(SubjectKind.Email, "row" + i + "@vocabulary.example");
                    var listed = states[i] is RowState.Invalid or RowState.Duplicate or RowState.Pending;
                    journal.Append(new JournalEntry
                    {
                        Timestamp = DateTimeOffset.UtcNow, Event = listed ? JournalEvent.Row : JournalEvent.End, Run = "r1", Action = "erase", Line = i + 1,
                        Kind = "email", Subject = subject.Masked, Key = journal.KeyOf(subject), State = states[i], RequestId = "req" + i, Detail = "why " + i,
                    });
                }
            }

            // The journal holds each state by its name.
            var lines = File.ReadAllLines(cli.Path("journal.jsonl")).Select(JObject.Parse).Where(e => e["line"] != null).ToList();
            Assert.Equal(states.Select(s => s.Name()), lines.Select(e => (string?)e["state"]));

            foreach (var format in new[] { "html", "csv", "json" })
            {
                Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence." + format)).Code);
            }

            var json = JObject.Parse(File.ReadAllText(cli.Path("evidence.json")));
            var entries = json["entries"]!.ToList();
            var csv = File.ReadAllLines(cli.Path("evidence.csv")).SkipWhile(l => l.StartsWith("#", StringComparison.Ordinal)).Skip(1).ToList();
            var html = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            var cells = html.QuerySelectorAll("td[data-state]").ToList();
            for (var i = 0; i < states.Length; i++)
            {
                var info = states[i].Info();
                Assert.Equal(info.Page, (string?)entries[i]["state"]);
                Assert.Equal(info.Name, (string?)entries[i]["stateName"]);
                Assert.Equal(1, (int)json["totals"]![info.Name]!);
                Assert.Contains("," + (info.Page.Contains(',', StringComparison.Ordinal) ? "\"" + info.Page + "\"" : info.Page) + "," + info.Name + ",", csv[i]);
                Assert.Equal(info.Name, cells[i].GetAttribute("data-state"));
                Assert.Equal(info.Page, cells[i].QuerySelector(".nowrap")!.TextContent.Trim());
                Assert.Equal("1", html.GetElementById("total-" + info.Name)!.TextContent);
            }
        }

        [Theory]
        [InlineData(GongOutcome.Success, GongCause.None, true, "InDoubt")]
        [InlineData(GongOutcome.MayHaveReachedGong, GongCause.ServerError, true, "InDoubt")]
        [InlineData(GongOutcome.MayHaveReachedGong, GongCause.NotGongsAnswer, true, "InDoubt")]
        [InlineData(GongOutcome.MayHaveReachedGong, GongCause.NoAnswer, true, "InDoubt")]
        [InlineData(GongOutcome.Retryable, GongCause.RateLimited, true, "Refused")]
        [InlineData(GongOutcome.Retryable, GongCause.Unavailable, true, "Refused")]
        [InlineData(GongOutcome.Refused, GongCause.AccessDenied, true, "Refused")]
        [InlineData(GongOutcome.Refused, GongCause.Rejected, true, "NeedsSupport")]
        [InlineData(GongOutcome.Retryable, GongCause.NoConnection, false, "NotSent")]
        [InlineData(GongOutcome.Refused, GongCause.NoConnection, false, "NotSent")]
        public void An_erase_attempts_outcome_moves_its_row_as_the_library_decided_it(GongOutcome outcome, GongCause cause, bool sent, string expected) =>
            Assert.Equal(Enum.Parse<RowState>(expected), RowMoves.AfterErasureAttempt(outcome, cause, sent));

        [Theory]
        [InlineData("Refused", false, GongCause.RateLimited, "Refused")]
        [InlineData("Refused", false, GongCause.Rejected, "NeedsSupport")]
        [InlineData("NotSent", false, GongCause.NoToken, "NotSent")]
        [InlineData("NotSent", false, GongCause.NoConnection, "NotSent")]
        [InlineData("InDoubt", true, GongCause.NotGongsAnswer, "InDoubt")]
        [InlineData("Refused", true, GongCause.NoToken, "InDoubt")]
        public void A_failed_erase_is_in_doubt_whenever_any_attempt_may_have_reached_gong(string current, bool mayHaveReachedGong, GongCause cause, string expected) =>
            Assert.Equal(Enum.Parse<RowState>(expected), RowMoves.AfterErasureFailure(Enum.Parse<RowState>(current), mayHaveReachedGong, cause));

        [Theory]
        [InlineData("Lookup", GongCause.ServerError, "Failed")]
        [InlineData("Lookup", GongCause.NotGongsAnswer, "Failed")]
        [InlineData("Lookup", GongCause.RateLimited, "Refused")]
        [InlineData("Lookup", GongCause.Rejected, "Rejected")]
        [InlineData("Lookup", GongCause.NoToken, "NotSent")]
        [InlineData("Verify", GongCause.NotGongsAnswer, "Accepted")]
        [InlineData("Verify", GongCause.ServerError, "Accepted")]
        public void A_failed_lookup_is_a_lookup_rows_state_and_never_changes_what_a_verify_found(string kind, GongCause cause, string expected) =>
            Assert.Equal(Enum.Parse<RowState>(expected), RowMoves.AfterLookupFailure(RowState.Accepted, Enum.Parse<CallKind>(kind), cause));

        [Theory]
        [InlineData("Accepted", true, "Verified")]
        [InlineData("Accepted", false, "Remaining")]
        [InlineData("Remaining", true, "Verified")]
        [InlineData("InDoubt", true, "ErasedVerified")]
        [InlineData("InDoubt", false, "InDoubt")]
        [InlineData("ErasedVerified", true, "ErasedVerified")]
        [InlineData("Pending", true, "NothingFound")]
        [InlineData("Pending", false, "Found")]
        [InlineData("Rejected", true, "Rejected")]
        [InlineData("Verified", true, "Verified")]
        [InlineData("Verified", false, "CameBack")]
        [InlineData("ErasedVerified", false, "CameBack")]
        [InlineData("CameBack", true, "Verified")]
        public void A_verifying_lookup_settles_the_erase_it_follows(string current, bool nothingLeft, string expected) =>
            Assert.Equal(Enum.Parse<RowState>(expected), RowMoves.AfterLookup(Enum.Parse<RowState>(current), CallKind.Verify, nothingLeft));

        [Theory]
        [InlineData(true, false, "NothingHeld")]
        [InlineData(false, false, "Planned")]
        [InlineData(false, true, "Held")]
        public void A_plans_lookup_says_whether_an_erase_is_needed_and_whether_a_person_approves_it_first(bool nothing, bool flagged, string expected) =>
            Assert.Equal(Enum.Parse<RowState>(expected), RowMoves.AfterLookup(RowState.Pending, CallKind.Plan, nothing, flagged));

        [Fact]
        public void No_file_of_the_tool_reads_an_http_status_or_compares_an_outcomes_text()
        {
            var outcomeWords = string.Join("|", RowStates.All.Select(i => Regex.Escape(i.Name)).Concat(new[] { "done", "sent", "answered", "start", "end", "row", "skipped", "run-start", "run-end", "verify-[a-z]+", "batch-[a-z]+", "not-attempted" }));
            var forbidden = new (string Why, Regex Pattern)[]
            {
                ("compares a status code", new Regex(@"\bStatus(Code)?\b\s*((==|!=|>=|<=|>|<)\s*(?!null\b)|is\s+(not\s+)?[0-9(<>])", RegexOptions.Compiled)),
                ("compares with an HTTP status number", new Regex(@"(==|!=|>=|<=|\bis|\bcase)\s*\(?\s*[1-5][0-9][0-9]\b(?!\s*(ms|\.|,|\)\s*=>))", RegexOptions.Compiled)),
                ("reads HttpStatusCode", new Regex(@"\bHttpStatusCode\.", RegexOptions.Compiled)),
                ("compares an outcome's text", new Regex("(==|!=|\\bis|\\bcase)\\s*\"(" + outcomeWords + ")\"|\"(" + outcomeWords + ")\"\\s*(==|!=)", RegexOptions.Compiled)),
                ("compares an event's name", new Regex(@"\bEventName\s*(==|!=)|\.Equals\(\s*""(" + outcomeWords + @")""", RegexOptions.Compiled)),
            };
            var source = Path.Combine(RepoFolder.Root(), "src", "GongPrivacy.Cli");
            var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
            Assert.True(files.Count > 20, "the tool's sources were not found at " + source);

            var found = new List<string>();
            foreach (var file in files)
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = Regex.Replace(lines[i], "//.*$", string.Empty);
                    found.AddRange(forbidden.Where(f => f.Pattern.IsMatch(code)).Select(f => Path.GetRelativePath(source, file) + ":" + (i + 1) + " " + f.Why + ": " + lines[i].Trim()));
                }
            }

            Assert.True(found.Count == 0, "Only the library decides what an answer means, and only the row vocabulary names a row's state:\n" + string.Join("\n", found));
        }
    }
}
