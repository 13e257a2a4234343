using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GongPrivacy.Testing.Tests
{
    /// <summary>Each fault as the wire shows it, and whether Gong did the work.</summary>
    public class FaultTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task A_500_has_gongs_error_body_and_does_nothing()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Seed(Wire.Email);
            gong.Faults.Next(FakeGongFault.ServerError);

            var failed = await Wire.EraseAsync(gong.BaseUrl, Wire.Email);
            time.Advance(gong.ErasureDelay);
            var after = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);

            Assert.Equal(500, failed.Status);
            Assert.Equal("application/json; charset=UTF-8", failed.ContentType);
            Assert.Equal(failed.TraceId, failed.RequestId);
            Assert.Single(failed.Json["errors"]!.AsArray());
            Assert.NotEmpty(after.Json["emails"]!.AsArray()); // the erase was not carried out
            Assert.False(gong.Received[0].Accepted);
            Assert.Equal("500", gong.Received[0].Fault!.Name);
        }

        [Fact]
        public async Task A_503_comes_from_the_load_balancer_as_html_without_a_request_id()
        {
            await using var gong = await FakeGong.StartAsync();
            gong.Faults.Next(FakeGongFault.ServiceUnavailable);

            var answer = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);

            Assert.Equal(503, answer.Status);
            Assert.StartsWith("text/html", answer.ContentType);
            Assert.Null(answer.TraceId);
            Assert.Null(gong.Received.Single().RequestId);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_connection_dropped_before_accepting_leaves_the_subject_untouched(bool graceful)
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Seed(Wire.Email);
            gong.Faults.Next(FakeGongFault.DropBeforeAccepting(graceful));

            var failure = await Record.ExceptionAsync(() => Wire.EraseAsync(gong.BaseUrl, Wire.Email));
            time.Advance(gong.ErasureDelay);

            var erase = gong.Received.First();
            Assert.Equal(FakeGongOutcome.DroppedBeforeAccepting, erase.Outcome);
            Assert.Null(erase.Status);
            Assert.False(erase.Accepted);
            if (!graceful)
            {
                Assert.IsType<HttpRequestException>(failure); // reset: the client sees the failure
            }

            // Gracefully closed, .NET's HttpClient may send the erase again by itself: then the second one is accepted.
            var resent = gong.Received.Count(r => r.IsErase && r.Accepted);
            Assert.Equal(resent == 0, (await Wire.LookupAsync(gong.BaseUrl, Wire.Email)).Json["emails"]!.AsArray().Count > 0);
        }

        [Fact]
        public async Task A_connection_dropped_after_accepting_loses_the_answer_but_the_erase_happens()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Seed(Wire.Email);
            gong.Faults.ForSubject("ADA@example.com", FakeGongFault.DropAfterAccepting());

            await Assert.ThrowsAsync<HttpRequestException>(() => Wire.EraseAsync(gong.BaseUrl, Wire.Email));
            time.Advance(gong.ErasureDelay);
            var after = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);

            var erase = gong.Received.First();
            Assert.Equal(FakeGongOutcome.DroppedAfterAccepting, erase.Outcome);
            Assert.True(erase.Accepted);
            Assert.Null(erase.RequestId);
            Assert.Empty(after.Json["emails"]!.AsArray());
        }

        [Fact]
        public async Task A_slow_answer_waits_on_the_fakes_clock()
        {
            var time = new TimerWatch(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Faults.Next(FakeGongFault.SlowAnswer(TimeSpan.FromMinutes(5)));
            var waiting = time.StartedAsync(TimeSpan.FromMinutes(5));

            var call = Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            var logged = await gong.WaitForRequestAsync(r => r.IsLookup).WaitAsync(TimeSpan.FromSeconds(30));
            // The request is logged before the fake starts its wait: move the clock only once that wait is on it (moved
            // before, the wait would start after the move and run five more minutes from there).
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(call.IsCompleted);
            time.Advance(TimeSpan.FromMinutes(5));

            Assert.Equal(200, (await call.WaitAsync(TimeSpan.FromSeconds(30))).Status);
            Assert.Equal(Start, logged.Time);
        }

        [Fact]
        public async Task A_429_burst_lasts_its_time_on_the_clock_and_says_how_long_is_left()
        {
            var time = new FakeTimeProvider(Start);
            await using var gong = await FakeGong.StartAsync(time);
            gong.Faults.RateLimitBurst(TimeSpan.FromSeconds(10));

            var first = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromSeconds(6.5));
            var second = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);
            time.Advance(TimeSpan.FromSeconds(3.5));
            var after = await Wire.LookupAsync(gong.BaseUrl, Wire.Email);

            Assert.Equal((429, "10"), (first.Status, first.RetryAfter));
            Assert.Equal((429, "4"), (second.Status, second.RetryAfter));
            Assert.Equal(200, after.Status);
        }

        [Fact]
        public async Task Faults_are_spent_in_order_per_call_per_subject_and_by_rule()
        {
            await using var gong = await FakeGong.StartAsync();
            gong.Faults.When(call => call.IsErase && call.OperationOrdinal == 2, FakeGongFault.RateLimited(TimeSpan.FromSeconds(7)));
            gong.Faults.ForSubject(Wire.Phone, FakeGongFault.ServerError, times: 2);

            var statuses = new[]
            {
                (await Wire.EraseAsync(gong.BaseUrl, "one@example.com")).Status,
                (await Wire.LookupAsync(gong.BaseUrl, "+14255552671")).Status, // the subject in another spelling
            };
            var secondErase = await Wire.EraseAsync(gong.BaseUrl, "two@example.com");
            var laterPhone = await Wire.LookupAsync(gong.BaseUrl, Wire.Phone);
            gong.Faults.Clear();

            Assert.Equal(new[] { 200, 500 }, statuses);
            Assert.Equal((429, "7"), (secondErase.Status, secondErase.RetryAfter));
            Assert.Equal(500, laterPhone.Status);
            Assert.Equal(200, (await Wire.LookupAsync(gong.BaseUrl, Wire.Phone)).Status);
        }

        /// <summary>A fake clock that tells when a timer of a given length is started on it.</summary>
        private sealed class TimerWatch : FakeTimeProvider
        {
            private readonly object _gate = new object();
            private readonly System.Collections.Generic.List<(TimeSpan Due, TaskCompletionSource Started)> _watches = new System.Collections.Generic.List<(TimeSpan, TaskCompletionSource)>();

            public TimerWatch(DateTimeOffset start)
                : base(start)
            {
            }

            public Task StartedAsync(TimeSpan due)
            {
                var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate)
                {
                    _watches.Add((due, started));
                }

                return started.Task;
            }

            public override System.Threading.ITimer CreateTimer(System.Threading.TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                var timer = base.CreateTimer(callback, state, dueTime, period);
                lock (_gate)
                {
                    foreach (var watch in _watches.FindAll(w => w.Due == dueTime))
                    {
                        _watches.Remove(watch);
                        watch.Started.TrySetResult();
                    }
                }

                return timer;
            }
        }
    }
}
