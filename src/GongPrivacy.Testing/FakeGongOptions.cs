using System;
using System.Collections.Generic;

namespace GongPrivacy.Testing
{
    /// <summary>How a <see cref="FakeGong"/> starts. Every setting has Gong's value or a test-friendly default.</summary>
    public sealed class FakeGongOptions
    {
        /// <summary>
        /// The clock every delay, expiry and limit of the fake runs on: the erasure delay, access-token expiry, the rate
        /// window, <c>Retry-After</c>, latency and slow answers. Give your test's <c>FakeTimeProvider</c> (or a
        /// <see cref="FakeGongClock"/>) and give the same to the client. Default <see cref="TimeProvider.System"/>.
        /// </summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>The port on 127.0.0.1; 0 (the default) picks a free one.</summary>
        public int Port { get; set; }

        /// <summary>How long an accepted erasure takes before lookups come back empty. Default 3 seconds (Gong: up to several hours).</summary>
        public TimeSpan ErasureDelay { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>Waited, on the clock, before every Data Privacy answer. Default none.</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>Calls admitted in any sliding second, counted on arrival; more get 429. Default 3, as Gong.</summary>
        public int PermitsPerSecond { get; set; } = GongPrivacy.GongLimits.CallsPerWindow;

        /// <summary>Calls admitted per day (UTC); more get 429 with <c>Retry-After</c> until midnight. Default 10,000, as Gong.</summary>
        public int DailyQuota { get; set; } = GongPrivacy.GongLimits.DailyQuota;

        /// <summary>
        /// When set, only this access key (with <see cref="AccessKeySecret"/>) is accepted; other Basic credentials get
        /// 401. When null (the default), any non-empty credentials are accepted.
        /// </summary>
        public string? AccessKey { get; set; }

        /// <summary>The secret that goes with <see cref="AccessKey"/>.</summary>
        public string? AccessKeySecret { get; set; }

        /// <summary>Subjects (email addresses or phone numbers, any spelling) whose erase is accepted but never carried out.</summary>
        public IReadOnlyCollection<string> KeepSubjects { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Whether the sample subjects (<see cref="FakeGong.SampleSubjects"/>) hold their data and every other subject gets
        /// invented data (addresses starting <c>no.match</c> excepted), as the tool's sandbox does. Default false: only
        /// what the test seeds is there, and every other subject has nothing, as at a real tenant.
        /// </summary>
        public bool Sandbox { get; set; }

        /// <summary>
        /// A file that keeps accepted erasures (as hashes, never subjects) and the day's call count, shared by every fake
        /// that names it, in any process, and across restarts. Null (the default) keeps them in memory.
        /// </summary>
        public string? StateFile { get; set; }
    }
}
