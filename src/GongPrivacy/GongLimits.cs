using System;

namespace GongPrivacy
{
    /// <summary>
    /// Gong's numbers, each written once: its default host, its rate window (3 calls in any second per company) and its
    /// daily quota (10,000 calls per company). The library's defaults, the tool's help texts and pacing, and the fake
    /// Gong of GongPrivacy.Testing read them from here (the file is compiled into each).
    /// </summary>
    internal static class GongLimits
    {
        /// <summary>Gong's generic API host, the default base URL.</summary>
        public const string DefaultHost = "https://api.gong.io";

        /// <summary>The domain every Gong API host is under, such as <c>us-12345.api.gong.io</c>.</summary>
        public const string Domain = "gong.io";

        /// <summary>Calls Gong allows per company in any <see cref="Window"/>.</summary>
        public const int CallsPerWindow = 3;

        /// <summary>Calls Gong allows per company per day.</summary>
        public const int DailyQuota = 10000;

        /// <summary>The length of Gong's rate window, in milliseconds.</summary>
        public const int WindowMilliseconds = 1000;

        /// <summary>Gong's rate window: <see cref="CallsPerWindow"/> calls in any span this long, counted on arrival.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(WindowMilliseconds);

        /// <summary>Whether a host is Gong's: <c>gong.io</c> or a host under it.</summary>
        public static bool IsGongHost(string host) =>
            host.Equals(Domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase);
    }
}
