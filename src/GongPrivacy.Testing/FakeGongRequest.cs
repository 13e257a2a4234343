using System;
using System.Globalization;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// One request the fake received, and what it did with it. The subject is masked unless it was asked for
    /// (<see cref="FakeGong.GetReceived"/>); credentials and tokens are never kept, only their kind.
    /// </summary>
    public sealed class FakeGongRequest
    {
        internal FakeGongRequest(FakeGongCall call, DateTimeOffset time, string? subject, FakeGongCredential credential, bool genericHost, FakeGongOutcome outcome, int? status, string? requestId, bool accepted, FakeGongFault? fault)
        {
            Ordinal = call.Ordinal;
            Time = time;
            Method = call.Method;
            Path = call.Path;
            Operation = call.Operation;
            Subject = subject;
            Credential = credential;
            AtGenericHost = genericHost;
            Outcome = outcome;
            Status = status;
            RequestId = requestId;
            Accepted = accepted;
            Fault = fault;
        }

        /// <summary>The request's place among all requests the fake received, from 1.</summary>
        public int Ordinal { get; }

        /// <summary>When the request arrived, on the fake's clock.</summary>
        public DateTimeOffset Time { get; }

        /// <summary>The HTTP method.</summary>
        public string Method { get; }

        /// <summary>The path, such as <c>/v2/data-privacy/erase-data-for-email-address</c>.</summary>
        public string Path { get; }

        /// <summary>What the request asked for.</summary>
        public FakeGongOperation Operation { get; }

        /// <summary>The email address or phone number, masked (such as <c>a***@e***.com</c>) unless asked for; null when none was sent.</summary>
        public string? Subject { get; }

        /// <summary>The kind of credential sent.</summary>
        public FakeGongCredential Credential { get; }

        /// <summary>Whether it came to the generic host (<see cref="FakeGong.GenericBaseUrl"/>), where Gong refuses OAuth tokens.</summary>
        public bool AtGenericHost { get; }

        /// <summary>Answered, or dropped before or after accepting.</summary>
        public FakeGongOutcome Outcome { get; }

        /// <summary>The HTTP status of the answer; null when the connection was dropped.</summary>
        public int? Status { get; }

        /// <summary>The request id the answer carried (body and <c>x-traceid</c>); null when none was sent.</summary>
        public string? RequestId { get; }

        /// <summary>Whether Gong carried the request out: a lookup answered, an erase accepted (even if its answer was then lost).</summary>
        public bool Accepted { get; }

        /// <summary>The fault played on the request, or null.</summary>
        public FakeGongFault? Fault { get; }

        /// <summary>Whether the request is one of the two erase operations.</summary>
        public bool IsErase => Operation == FakeGongOperation.EraseEmail || Operation == FakeGongOperation.ErasePhone;

        /// <summary>Whether the request is one of the two lookups.</summary>
        public bool IsLookup => Operation == FakeGongOperation.LookupEmail || Operation == FakeGongOperation.LookupPhone;

        /// <summary>One line: time, method, path, subject (as held: masked unless asked for), outcome.</summary>
        /// <returns>For example <c>#4 2030-01-01T09:00:01.0000000+00:00 POST /v2/data-privacy/erase-data-for-email-address a***@e***.com 429 sbx…</c>.</returns>
        public override string ToString() =>
            "#" + Ordinal.ToString(CultureInfo.InvariantCulture) + " " + Time.ToString("O", CultureInfo.InvariantCulture) + " " + Method + " " + Path +
            (Subject == null ? string.Empty : " " + Subject) + " " +
            (Outcome == FakeGongOutcome.Answered ? Status?.ToString(CultureInfo.InvariantCulture) : Outcome.ToString()) +
            (RequestId == null ? string.Empty : " " + RequestId) + (Fault == null ? string.Empty : " (fault: " + Fault.Name + ")");
    }
}
