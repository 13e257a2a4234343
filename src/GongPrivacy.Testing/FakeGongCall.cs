namespace GongPrivacy.Testing
{
    /// <summary>A request as a fault rule sees it, before the fake answers (see <see cref="FakeGongFaults.When"/>).</summary>
    public sealed class FakeGongCall
    {
        internal FakeGongCall(int ordinal, int operationOrdinal, FakeGongOperation operation, string method, string path, string? subject)
        {
            Ordinal = ordinal;
            OperationOrdinal = operationOrdinal;
            Operation = operation;
            Method = method;
            Path = path;
            Subject = subject;
        }

        /// <summary>The request's place among all requests the fake received, from 1.</summary>
        public int Ordinal { get; }

        /// <summary>The request's place among the requests for the same <see cref="Operation"/>, from 1.</summary>
        public int OperationOrdinal { get; }

        /// <summary>What the request asks for.</summary>
        public FakeGongOperation Operation { get; }

        /// <summary>The HTTP method.</summary>
        public string Method { get; }

        /// <summary>The path, such as <c>/v2/data-privacy/data-for-email-address</c>.</summary>
        public string Path { get; }

        /// <summary>The <c>emailAddress</c> or <c>phoneNumber</c> as sent (your test's own fixture), or null.</summary>
        public string? Subject { get; }

        /// <summary>Whether the call is one of the two erase operations.</summary>
        public bool IsErase => Operation == FakeGongOperation.EraseEmail || Operation == FakeGongOperation.ErasePhone;

        /// <summary>Whether the call is one of the two lookups.</summary>
        public bool IsLookup => Operation == FakeGongOperation.LookupEmail || Operation == FakeGongOperation.LookupPhone;

        /// <summary>Names the call with its subject masked.</summary>
        /// <returns>For example <c>#3 EraseEmail a***@e***.com</c>.</returns>
        public override string ToString() => "#" + Ordinal + " " + Operation + (Subject == null ? string.Empty : " " + Subjects.Mask(Subject));
    }
}
