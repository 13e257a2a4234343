using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GongPrivacy.Cli
{
    /// <summary>Counts and lists in words, for messages.</summary>
    internal static class Words
    {
        /// <summary>"1 subject", "2 subjects".</summary>
        public static string Plural(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

        /// <summary>A count of a category named in the plural, singular for one: "1 email", "2 emails", "1 email address".</summary>
        public static string Count(int count, string plural) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count != 1 ? plural : plural.EndsWith("sses", System.StringComparison.Ordinal) ? plural[..^2] : plural.EndsWith('s') ? plural[..^1] : plural);

        /// <summary>A duration as the command line takes it: "72 h", "7 d" (days from a week), "90 s", "500 ms".</summary>
        public static string Duration(System.TimeSpan span) =>
            span.TotalDays >= 7 && span.TotalDays == System.Math.Floor(span.TotalDays) ? span.TotalDays.ToString(CultureInfo.InvariantCulture) + " d"
            : span.TotalHours >= 1 && span.TotalHours == System.Math.Floor(span.TotalHours) ? span.TotalHours.ToString(CultureInfo.InvariantCulture) + " h"
            : span.TotalSeconds >= 1 ? span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

        /// <summary>"lines 3, 4" or "line 3", in order.</summary>
        public static string Lines(IEnumerable<int> lines)
        {
            var sorted = lines.Distinct().OrderBy(l => l).Select(l => l > 0 ? l.ToString(CultureInfo.InvariantCulture) : "?").ToList();
            return (sorted.Count == 1 ? "line " : "lines ") + string.Join(", ", sorted);
        }
    }
}
