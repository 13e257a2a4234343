using System;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Testing;

namespace GongPrivacy.Cli.Sandbox
{
    /// <summary>
    /// The embedded sandbox's settings from the environment, so that every path can be shown without code:
    /// <c>GONG_SANDBOX_ERASURE_DELAY</c> and <c>GONG_SANDBOX_LATENCY</c> (durations such as <c>3s</c>, <c>250ms</c>, <c>2m</c>)
    /// and <c>GONG_SANDBOX_KEEP</c> (subjects separated by <c>;</c> whose erase is accepted but never carried out).
    /// </summary>
    internal static class SandboxSettings
    {
        public const string ErasureDelayVariable = "GONG_SANDBOX_ERASURE_DELAY";
        public const string LatencyVariable = "GONG_SANDBOX_LATENCY";
        public const string KeepVariable = "GONG_SANDBOX_KEEP";
        public const string ComesBackVariable = "GONG_SANDBOX_COMES_BACK_AFTER";

        /// <summary>Starts the sandbox with the settings of the environment: <see cref="Options"/>, and how soon the sample subject that comes back is back (<c>GONG_SANDBOX_COMES_BACK_AFTER</c>; a day by default).</summary>
        public static async System.Threading.Tasks.Task<FakeGong> StartAsync(CliEnvironment environment, int port = 0, System.Threading.CancellationToken token = default)
        {
            var comesBack = Duration(environment.GetVariable(ComesBackVariable), ComesBackVariable);
            var server = await FakeGong.StartAsync(Options(environment, port), token).ConfigureAwait(false);
            if (comesBack != null)
            {
                server.ComeBackAfterErase(FakeGong.SampleSubjects.Single(s => s.StartsWith("comes.back@", StringComparison.Ordinal)), comesBack.Value);
            }

            return server;
        }

        /// <summary>The sandbox's options for a run of the tool: the package's fake Gong with the sample subjects, on the run's clock.</summary>
        public static FakeGongOptions Options(CliEnvironment environment, int port = 0) => new FakeGongOptions
        {
            Sandbox = true,
            TimeProvider = environment.Time,
            Port = port,
            StateFile = environment.SandboxStateFile,
            ErasureDelay = ErasureDelay(environment),
            Latency = Duration(environment.GetVariable(LatencyVariable), LatencyVariable) ?? TimeSpan.Zero,
            KeepSubjects = (environment.GetVariable(KeepVariable) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };

        /// <summary>The sandbox's erasure delay: <c>GONG_SANDBOX_ERASURE_DELAY</c> when set, else the environment's default (3 s).</summary>
        public static TimeSpan ErasureDelay(CliEnvironment environment) =>
            Duration(environment.GetVariable(ErasureDelayVariable), ErasureDelayVariable) ?? environment.SandboxErasureDelay;

        /// <summary>
        /// Reads a duration: a number and a unit (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>), such as <c>24h</c> or
        /// <c>90s</c>; a bare number is seconds. Null when <paramref name="text"/> is empty.
        /// </summary>
        public static TimeSpan? Duration(string? text, string what)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var value = text.Trim().ToLowerInvariant();
            var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400) };
            var unit = units.FirstOrDefault(u => value.EndsWith(u.Suffix, StringComparison.Ordinal) && (u.Suffix != "s" || !value.EndsWith("ms", StringComparison.Ordinal)));
            var number = unit.Suffix == null ? value : value.Substring(0, value.Length - unit.Suffix.Length);
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || double.IsInfinity(amount) || amount > 3650 * 86400.0)
            {
                throw new CliException(ExitCodes.Usage, what + " must be a duration such as 24h, 30m, 90s or 500ms; '" + text.Trim() + "' is not.");
            }

            return TimeSpan.FromSeconds(amount * (unit.Suffix == null ? 1 : unit.Seconds));
        }
    }
}
