using System;
using System.Collections.Generic;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Plans;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Batch
{
    /// <summary>What a batch run is asked to do.</summary>
    internal sealed record BatchRequest(
        RunAction Action,
        string? CsvPath,
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
        /// <summary>The variable that makes every <c>batch erase</c> need a plan, as <c>--require-plan</c> does.</summary>
        public const string RequirePlanVariable = "GONG_PRIVACY_REQUIRE_PLAN";

        /// <summary>
        /// Whether <see cref="RequirePlanVariable"/> requires a plan: 1, true, yes or on (in any case) do; unset, empty, 0,
        /// false, no or off do not; any other value is refused (exit 2), since a safety switch that silently reads "off" is no switch.
        /// </summary>
        public static bool RequiresPlan(string? value) => value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "0" or "false" or "no" or "off" => false,
            "1" or "true" or "yes" or "on" => true,
            _ => throw new CliException(ExitCodes.Usage, RequirePlanVariable + " is set to a value it does not know: set it to 1 to require a plan for every erase, or 0 (or unset it) not to. Nothing was sent."),
        };

        /// <summary>How long a plan stays good for an erase by default (<c>--plan-valid-for</c>): long enough to review it over a weekend, short enough that what Gong holds has not moved on (CRM syncs, new calls and emails).</summary>
        public static readonly TimeSpan DefaultPlanValidFor = TimeSpan.FromHours(72);

        /// <summary><c>batch plan</c>: the files to write (<c>--output</c>, one <c>.json</c> and perhaps one <c>.html</c>).</summary>
        public IReadOnlyList<string> Outputs { get; init; } = Array.Empty<string>();

        /// <summary><c>batch plan</c>: replace existing output files.</summary>
        public bool Force { get; init; }

        /// <summary><c>batch plan</c>: the thresholds of <c>large</c> (<c>--review-above</c>).</summary>
        public ReviewThresholds Review { get; init; } = ReviewThresholds.Default;

        /// <summary><c>batch erase</c>: the plan it erases under (<c>--plan</c>); null without one.</summary>
        public string? PlanPath { get; init; }

        /// <summary><c>batch erase --plan</c>: the flags the operator approves in this run (<c>--approve</c>).</summary>
        public IReadOnlyCollection<string> Approve { get; init; } = Array.Empty<string>();

        /// <summary><c>batch erase --plan</c>: how old a plan may be (<c>--plan-valid-for</c>).</summary>
        public TimeSpan PlanValidFor { get; init; } = DefaultPlanValidFor;

        /// <summary><c>batch erase</c>: refuse to erase without a plan (<c>--require-plan</c>, <c>GONG_PRIVACY_REQUIRE_PLAN=1</c>).</summary>
        public bool RequirePlan { get; init; }

        /// <summary><c>batch verify</c>: look again at subjects verified at least this long ago (<c>--again-after</c>); null: never.</summary>
        public TimeSpan? AgainAfter { get; init; }

        /// <summary>The default of <c>--max-in-flight</c>: enough to reach Gong's 3 calls a second at 2.5 s of latency.</summary>
        public const int DefaultMaxInFlight = 8;

        /// <summary>The most calls in flight <c>--max-in-flight</c> allows.</summary>
        public const int MostInFlight = 64;

        /// <summary>The head the operator kept (<c>--expect-head</c>): the journal must reach it before anything is sent.</summary>
        public string? ExpectHead { get; init; }
    }
}
