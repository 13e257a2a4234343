using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>What a batch run is asked to do.</summary>
    internal sealed record BatchRequest(
        RunAction Action,
        string CsvPath,
        string JournalPath,
        bool Resume,
        bool Yes,
        bool ResendInDoubt,
        int DailyQuota,
        int MaxInFlight,
        string? After,
        char? Delimiter,
        string? BaseUrl,
        bool Sandbox)
    {
        /// <summary>The default of <c>--max-in-flight</c>: enough to reach Gong's 3 calls a second at 2.5 s of latency.</summary>
        public const int DefaultMaxInFlight = 8;

        /// <summary>The most calls in flight <c>--max-in-flight</c> allows.</summary>
        public const int MostInFlight = 64;

        /// <summary>The head the operator kept (<c>--expect-head</c>): the journal must reach it before anything is sent.</summary>
        public string? ExpectHead { get; init; }
    }
}
