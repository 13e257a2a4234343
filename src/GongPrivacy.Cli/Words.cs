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

        /// <summary>"lines 3, 4" or "line 3", in order.</summary>
        public static string Lines(IEnumerable<int> lines)
        {
            var sorted = lines.Distinct().OrderBy(l => l).Select(l => l > 0 ? l.ToString(CultureInfo.InvariantCulture) : "?").ToList();
            return (sorted.Count == 1 ? "line " : "lines ") + string.Join(", ", sorted);
        }
    }
}
