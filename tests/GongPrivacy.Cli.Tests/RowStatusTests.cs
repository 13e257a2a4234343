using System;
using System.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The row state machine against the list: not sent, in doubt, done, failed, and what a resume sends.</summary>
    public class RowStatusTests
    {
        [Fact]
        public void A_new_row_is_pending_and_is_sent()
        {
            var row = new RowStatus();

            Assert.Equal(RowState.Pending, row.State);
            Assert.True(row.ShouldSend(resendInDoubt: false));
        }

        [Fact]
        public void A_row_waiting_before_the_wire_is_not_sent_and_a_resume_sends_it()
        {
            var row = new RowStatus();
            row.Start(resendInDoubt: false);

            Assert.Equal(RowState.NotSent, row.State);
            Assert.True(row.ShouldSend(resendInDoubt: false));
        }

        [Fact]
        public void A_row_on_the_wire_is_in_doubt_and_is_not_sent_again_without_resend()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();

            Assert.Equal(RowState.InDoubt, row.State);
            Assert.False(row.ShouldSend(resendInDoubt: false));
            Assert.True(row.ShouldSend(resendInDoubt: true));
            Assert.Throws<InvalidOperationException>(() => row.Sent());
            Assert.Throws<InvalidOperationException>(() => row.Start(resendInDoubt: false));
        }

        [Theory]
        [InlineData(GongOutcome.Retryable)]
        [InlineData(GongOutcome.Refused)]
        public void A_clear_refusal_takes_the_row_back_to_not_sent(GongOutcome outcome)
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();
            row.Answered(outcome, "r1");

            Assert.Equal(RowState.NotSent, row.State);
        }

        [Fact]
        public void An_answer_that_may_have_reached_Gong_leaves_the_erase_in_doubt()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();
            row.Answered(GongOutcome.MayHaveReachedGong, "r1");

            Assert.Equal(RowState.InDoubt, row.State);
        }

        [Fact]
        public void An_accepted_answer_is_done_with_its_request_id_and_is_never_sent_again()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();
            row.Answered(GongOutcome.Success, "r200");

            Assert.Equal(RowState.Done, row.State);
            Assert.Equal("r200", row.RequestId);
            Assert.False(row.ShouldSend(resendInDoubt: true));
            Assert.Throws<InvalidOperationException>(() => row.Start(resendInDoubt: true));
            Assert.Throws<InvalidOperationException>(() => row.Failed(GongOutcome.Retryable, 429));
            Assert.Throws<InvalidOperationException>(() => row.InDoubt());
        }

        [Fact]
        public void A_connection_that_failed_before_the_request_was_written_is_not_sent()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();
            row.AttemptNotWritten();

            Assert.Equal(RowState.NotSent, row.State);
        }

        [Fact]
        public void Not_sent_cannot_hide_a_row_in_doubt()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();

            Assert.Throws<InvalidOperationException>(() => row.NotSent());
            Assert.Equal(RowState.InDoubt, row.State);
        }

        [Theory]
        [InlineData(true, true)]
        [InlineData(false, false)]
        public void A_failed_row_is_sent_again_only_when_retryable(bool retryable, bool sent)
        {
            var row = new RowStatus();
            row.Start(false);
            row.Failed(retryable ? GongOutcome.Retryable : GongOutcome.Refused, retryable ? 429 : 400);

            Assert.Equal(RowState.Failed, row.State);
            Assert.Equal(sent, row.ShouldSend(resendInDoubt: true));
        }

        [Fact]
        public void An_invalid_row_takes_no_call()
        {
            var row = new RowStatus();
            row.Invalid();

            Assert.False(row.ShouldSend(resendInDoubt: true));
            Assert.Throws<InvalidOperationException>(() => row.Done("r"));
            Assert.Throws<InvalidOperationException>(() => row.Start(resendInDoubt: true));
        }

        [Fact]
        public void Resend_in_doubt_moves_an_in_doubt_row_back_through_the_wire()
        {
            var row = new RowStatus();
            row.Start(false);
            row.Sent();
            row.Start(resendInDoubt: true);
            row.Sent();
            row.Answered(GongOutcome.Success, "again");

            Assert.Equal(RowState.Done, row.State);
        }

        [Theory]
        [InlineData(new[] { "start" }, "NotSent")]
        [InlineData(new[] { "start", "sent" }, "InDoubt")]
        [InlineData(new[] { "start", "sent", "answered:429" }, "NotSent")]
        [InlineData(new[] { "start", "sent", "answered:429", "sent" }, "InDoubt")]
        [InlineData(new[] { "start", "sent", "answered:200" }, "Done")]
        [InlineData(new[] { "start", "sent", "answered:500" }, "InDoubt")]
        [InlineData(new[] { "start", "sent", "not-sent" }, "NotSent")]
        [InlineData(new[] { "start", "sent", "in-doubt" }, "InDoubt")]
        [InlineData(new[] { "start", "sent", "answered:200", "done" }, "Done")]
        [InlineData(new[] { "start", "sent", "in-doubt", "start", "sent", "answered:200", "done" }, "Done")]
        [InlineData(new[] { "start", "sent", "answered:200", "in-doubt" }, "Done")]
        [InlineData(new[] { "start", "failed" }, "Failed")]
        public void Replaying_a_journal_gives_what_the_dead_run_would_have_said(string[] events, string expected)
        {
            var entries = events.Select(e =>
            {
                var parts = e.Split(':');
                return new JournalEntry { Event = parts[0], Key = "k", Status = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null };
            });

            var rows = RowStatus.ReplayAll(entries, legacy: false, erase: true);

            Assert.Equal(expected, rows["k"].State.ToString());
        }

        [Fact]
        public void In_a_journal_from_before_sent_existed_a_start_without_outcome_is_in_doubt()
        {
            var rows = RowStatus.ReplayAll(new[] { new JournalEntry { Event = "start", Key = "k" } }, legacy: true, erase: true);

            Assert.Equal(RowState.InDoubt, rows["k"].State);
        }

        [Fact]
        public void A_lookup_left_in_flight_is_simply_sent_again()
        {
            var rows = RowStatus.ReplayAll(new[] { new JournalEntry { Event = "start", Key = "k" } }, legacy: true, erase: false);

            Assert.Equal(RowState.NotSent, rows["k"].State);
        }
    }
}
