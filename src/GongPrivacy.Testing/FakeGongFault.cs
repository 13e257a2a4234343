using System;
using System.Globalization;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// A failure the fake plays instead of (or around) its normal answer. Give one to <see cref="FakeGongFaults"/>:
    /// for the next calls, for a subject, or for the calls a rule picks.
    /// </summary>
    public sealed class FakeGongFault
    {
        private FakeGongFault(FakeGongFaultKind kind, string name, TimeSpan delay = default, bool graceful = false, int status = 0, Uri? location = null)
        {
            Kind = kind;
            Name = name;
            Delay = delay;
            Graceful = graceful;
            Status = status;
            Location = location;
        }

        /// <summary>500 with Gong's error body (<c>requestId</c>, <c>errors</c>); nothing is done.</summary>
        public static FakeGongFault ServerError { get; } = new FakeGongFault(FakeGongFaultKind.ServerError, "500");

        /// <summary>
        /// 503 with an HTML page and no request id, as the load balancer in front of Gong answers when Gong is away;
        /// nothing is done.
        /// </summary>
        public static FakeGongFault ServiceUnavailable { get; } = new FakeGongFault(FakeGongFaultKind.ServiceUnavailable, "503");

        /// <summary>The request is read, then the connection is reset: nothing is done, and no answer comes.</summary>
        /// <param name="graceful">
        /// Close the connection (TCP FIN) instead of resetting it. .NET's HTTP client may then send the request again on
        /// its own, on a new connection, when the dropped one had served a request before.
        /// </param>
        /// <returns>The fault.</returns>
        public static FakeGongFault DropBeforeAccepting(bool graceful = false) => new FakeGongFault(FakeGongFaultKind.DropBeforeAccepting, "dropped before accepting" + (graceful ? " (closed)" : string.Empty), graceful: graceful);

        /// <summary>
        /// The request is carried out (an erase is accepted and will happen), then the connection is reset without an
        /// answer: the client cannot know that Gong accepted it.
        /// </summary>
        /// <param name="graceful">
        /// Close the connection (TCP FIN) instead of resetting it. .NET's HTTP client may then send the request again on
        /// its own, on a new connection, when the dropped one had served a request before.
        /// </param>
        /// <returns>The fault.</returns>
        public static FakeGongFault DropAfterAccepting(bool graceful = false) => new FakeGongFault(FakeGongFaultKind.DropAfterAccepting, "dropped after accepting" + (graceful ? " (closed)" : string.Empty), graceful: graceful);

        /// <summary>
        /// The request is carried out, and the answer waits <paramref name="delay"/> on the fake's clock before it is sent
        /// (a client's attempt timeout on the same clock fires first if it is shorter).
        /// </summary>
        /// <param name="delay">How long the answer waits.</param>
        /// <returns>The fault.</returns>
        public static FakeGongFault SlowAnswer(TimeSpan delay) =>
            delay > TimeSpan.Zero ? new FakeGongFault(FakeGongFaultKind.SlowAnswer, "answer after " + delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s", delay)
                : throw new ArgumentOutOfRangeException(nameof(delay), "A slow answer waits longer than zero.");

        /// <summary>429 with Gong's error body and <c>Retry-After</c> in whole seconds; nothing is done.</summary>
        /// <param name="retryAfter">What <c>Retry-After</c> says (rounded up to whole seconds, at least 1).</param>
        /// <returns>The fault.</returns>
        public static FakeGongFault RateLimited(TimeSpan retryAfter) =>
            retryAfter >= TimeSpan.Zero ? new FakeGongFault(FakeGongFaultKind.RateLimited, "429", retryAfter)
                : throw new ArgumentOutOfRangeException(nameof(retryAfter), "Retry-After is not negative.");

        /// <summary>
        /// What a proxy or a single-sign-on gateway in front of Gong answers instead of Gong: a redirect (<paramref name="status"/>,
        /// 301, 302, 303, 307 or 308) to <paramref name="location"/>, without Gong's request id. Nothing is done; a client
        /// that follows it sends its credential and subject to another host.
        /// </summary>
        /// <param name="status">The redirect's status.</param>
        /// <param name="location">Where it points, such as a sign-in page.</param>
        /// <returns>The fault.</returns>
        public static FakeGongFault Redirect(int status, Uri location) =>
            status is 301 or 302 or 303 or 307 or 308 && location != null && location.IsAbsoluteUri
                ? new FakeGongFault(FakeGongFaultKind.Redirect, status.ToString(CultureInfo.InvariantCulture) + " to " + location.GetLeftPart(UriPartial.Authority), status: status, location: location)
                : throw new ArgumentException("A redirect is 301, 302, 303, 307 or 308 to an absolute URL.", nameof(status));

        /// <summary>200 with a proxy's HTML sign-in page, without Gong's request id: it is not Gong's answer, and nothing is done.</summary>
        public static FakeGongFault SignInPage { get; } = new FakeGongFault(FakeGongFaultKind.SignInPage, "200 sign-in page");

        /// <summary>200 with a gateway's <c>{}</c> (JSON, but no <c>requestId</c>): it is not Gong's answer, and nothing is done.</summary>
        public static FakeGongFault EmptyJson { get; } = new FakeGongFault(FakeGongFaultKind.EmptyJson, "200 {}");

        /// <summary>A short name for the fault, such as <c>503</c> or <c>dropped after accepting</c>.</summary>
        public string Name { get; }

        internal FakeGongFaultKind Kind { get; }

        internal TimeSpan Delay { get; }

        internal bool Graceful { get; }

        internal int Status { get; }

        internal Uri? Location { get; }

        /// <summary>The fault's name.</summary>
        /// <returns><see cref="Name"/>.</returns>
        public override string ToString() => Name;
    }

    /// <summary>The kinds of <see cref="FakeGongFault"/>.</summary>
    internal enum FakeGongFaultKind
    {
        ServerError,
        ServiceUnavailable,
        DropBeforeAccepting,
        DropAfterAccepting,
        SlowAnswer,
        RateLimited,
        Redirect,
        SignInPage,
        EmptyJson,
    }
}
