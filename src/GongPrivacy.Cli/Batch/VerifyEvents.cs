namespace GongPrivacy.Cli
{
    /// <summary>The journal's events of <c>batch verify</c>; every one carries <c>action: verify</c>.</summary>
    internal static class VerifyEvents
    {
        public const string Action = "verify";
        public const string BatchStart = "verify-start";
        public const string Resume = "verify-resume";
        public const string End = "verify-end";

        /// <summary>A subject's lookup begins (counted against the daily quota).</summary>
        public const string Lookup = "verify-lookup";

        /// <summary>Gong holds nothing for the subject any more: final.</summary>
        public const string Verified = "verified";

        /// <summary>Gong still holds references (counts per category).</summary>
        public const string Remaining = "remaining";

        /// <summary>The lookup failed (Gong's status and request id).</summary>
        public const string Failed = "verify-failed";

        /// <summary>Not looked up: not yet due, in doubt, not erased, or not in the CSV.</summary>
        public const string Skipped = "verify-skipped";
    }
}
