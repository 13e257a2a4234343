using System.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// The engine's outcome table: for each outcome the library gives an attempt or a call, the row state the tool
    /// decides, live and when a resume replays the journal (which records the library's outcome).
    /// </summary>
    public class OutcomeTableTests
    {
        [Theory]
        [InlineData(GongOutcome.Success, "Done")]
        [InlineData(GongOutcome.Refused, "NotSent")]
        [InlineData(GongOutcome.Retryable, "NotSent")]
        [InlineData(GongOutcome.MayHaveReachedGong, "InDoubt")]
        public void An_answered_erase_attempt_moves_the_row_by_the_librarys_outcome(GongOutcome outcome, string expected)
        {
            var row = new RowStatus();
            row.Start(resendInDoubt: false);
            row.Sent();

            row.Answered(outcome, "r1");

            Assert.Equal(expected, row.State.ToString());
        }

        [Theory]
        [InlineData(GongOutcome.Success, 200, "Done")]
        [InlineData(GongOutcome.Refused, 400, "NotSent")]
        [InlineData(GongOutcome.Retryable, 429, "NotSent")]
        [InlineData(GongOutcome.MayHaveReachedGong, 500, "InDoubt")]
        public void A_resume_reads_the_recorded_outcome_back_into_the_same_state(GongOutcome outcome, int status, string expected)
        {
            var entries = new[]
            {
                new JournalEntry { Event = JournalEvents.Start, Key = "k" },
                new JournalEntry { Event = JournalEvents.Sent, Key = "k" },
                new JournalEntry { Event = JournalEvents.Answered, Key = "k", Status = status, GongOutcome = outcome },
            };

            Assert.Equal(expected, RowStatus.ReplayAll(entries, legacy: false, erase: true)["k"].State.ToString());
        }

        [Fact]
        public void The_recorded_outcome_wins_over_the_status_and_an_old_journal_without_one_is_read_by_status()
        {
            // A status the classifier of a later version reads differently: the outcome recorded then is what counts.
            var recorded = RowStatus.ReplayAll(new[] { new JournalEntry { Event = JournalEvents.Sent, Key = "k" }, new JournalEntry { Event = JournalEvents.Answered, Key = "k", Status = 500, GongOutcome = GongOutcome.Retryable } }, false, true);
            var old = RowStatus.ReplayAll(new[] { new JournalEntry { Event = JournalEvents.Sent, Key = "k" }, new JournalEntry { Event = JournalEvents.Answered, Key = "k", Status = 500 } }, false, true);

            Assert.Equal(RowState.NotSent, recorded["k"].State);
            Assert.Equal(RowState.InDoubt, old["k"].State);
        }

        [Theory]
        [InlineData(GongOutcome.Refused, 400, false)]
        [InlineData(GongOutcome.Refused, 404, false)]
        [InlineData(GongOutcome.Refused, 401, true)]
        [InlineData(GongOutcome.Refused, 403, true)]
        [InlineData(GongOutcome.Retryable, 429, true)]
        [InlineData(GongOutcome.Retryable, 503, true)]
        [InlineData(GongOutcome.MayHaveReachedGong, 500, true)]
        [InlineData(GongOutcome.MayHaveReachedGong, 0, true)]
        public void A_failed_call_is_sent_again_by_a_resume_unless_Gong_refused_it_for_good(GongOutcome outcome, int status, bool retryable)
        {
            var row = new RowStatus();
            row.Start(resendInDoubt: false);

            row.Failed(outcome, status);

            Assert.Equal(RowState.Failed, row.State);
            Assert.Equal(retryable, row.ShouldSend(resendInDoubt: false));
            var replayed = RowStatus.ReplayAll(new[] { new JournalEntry { Event = JournalEvents.Start, Key = "k" }, new JournalEntry { Event = JournalEvents.Failed, Key = "k", Status = status, GongOutcome = outcome } }, false, true);
            Assert.Equal(retryable, replayed["k"].ShouldSend(resendInDoubt: false));
        }

        [Fact]
        public void Every_library_outcome_has_a_row_in_the_table()
        {
            Assert.Equal(4, System.Enum.GetValues<GongOutcome>().Length);
        }
    }
}
