using System.Collections.Generic;
using System.Linq;
using GongPrivacy.Testing;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>What the tests count in the fake's log: erases Gong accepted and lookups, per subject as sent.</summary>
    internal static class FakeGongCounts
    {
        public static int ErasesAccepted(this FakeGong gong) => gong.Received.Count(r => r.IsErase && r.Accepted);

        public static int Lookups(this FakeGong gong) => gong.Received.Count(r => r.IsLookup && r.Accepted);

        public static int RateLimited(this FakeGong gong) => gong.Received.Count(r => r.Status == 429);

        /// <summary>Accepted erases per subject, keyed by the subject as the tool sent it, lower-cased.</summary>
        public static Dictionary<string, int> ErasesPerSubject(this FakeGong gong) => PerSubject(gong, r => r.IsErase && r.Accepted);

        /// <summary>Answered lookups per subject, keyed by the subject as the tool sent it, lower-cased.</summary>
        public static Dictionary<string, int> LookupsPerSubject(this FakeGong gong) => PerSubject(gong, r => r.IsLookup && r.Accepted);

        private static Dictionary<string, int> PerSubject(FakeGong gong, System.Func<FakeGongRequest, bool> which) =>
            gong.GetReceived(unmaskedSubjects: true).Where(which).GroupBy(r => r.Subject!.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());
    }
}
