using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Plans
{
    /// <summary>
    /// <c>--review-above</c>: per category, the count above which a plan flags a row <c>large</c>. Gong refuses to delete
    /// "an abnormal number of objects" and does not publish the number, so the defaults sit far above what one person
    /// holds (tens of emails and calls) and well below what a shared mailbox, a role account or a customer's main contact
    /// gathers over years: the erases Gong's guard is there for, and the ones a person should look at first.
    /// </summary>
    internal sealed class ReviewThresholds
    {
        /// <summary>Each category: its name on the command line, its name in a lookup's counts, its default.</summary>
        public static readonly IReadOnlyList<(string Option, string Category, int Default)> Categories = new[]
        {
            ("emails", "emails", 250),
            ("calls", "calls", 100),
            ("meetings", "meetings", 100),
            ("crm-records", "CRM records", 25),
            ("engagement-events", "engagement events", 250),
        };

        private ReviewThresholds(Dictionary<string, int> above) => Above = above;

        /// <summary>The count above which a category is large, by its name in a lookup's counts.</summary>
        public IReadOnlyDictionary<string, int> Above { get; }

        /// <summary>The defaults.</summary>
        public static ReviewThresholds Default { get; } = Parse(null);

        /// <summary>Reads <c>emails=500,calls=200</c> (given once or several times) over the defaults; a bad one is a usage error.</summary>
        public static ReviewThresholds Parse(IEnumerable<string>? values)
        {
            var above = Categories.ToDictionary(c => c.Category, c => c.Default, StringComparer.Ordinal);
            foreach (var pair in (values ?? Array.Empty<string>()).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                var category = Categories.FirstOrDefault(c => string.Equals(c.Option, parts[0], StringComparison.OrdinalIgnoreCase));
                if (category.Option == null || parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw new CliException(ExitCodes.Usage, "--review-above takes category=count pairs such as emails=500,calls=200 (categories: " + string.Join(", ", Categories.Select(c => c.Option)) + "); '" + pair + "' is not one.");
                }

                above[category.Category] = count;
            }

            return new ReviewThresholds(above);
        }

        /// <summary>The same thresholds, as a plan file recorded them (by category).</summary>
        public static ReviewThresholds Of(IReadOnlyDictionary<string, int> above) => new ReviewThresholds(new Dictionary<string, int>(above, StringComparer.Ordinal));

        /// <summary>The categories of <paramref name="counts"/> above their threshold, in words: "300 emails (above 250)".</summary>
        public List<string> Exceeded(IReadOnlyDictionary<string, int>? counts) =>
            counts == null ? new List<string>()
            : Categories.Where(c => counts.TryGetValue(c.Category, out var n) && Above.TryGetValue(c.Category, out var limit) && n > limit)
                .Select(c => Words.Count(counts[c.Category], c.Category) + " (above " + Above[c.Category].ToString(CultureInfo.InvariantCulture) + ")").ToList();

        /// <summary>The thresholds in words, for the plan and the run's opening line.</summary>
        public string Describe() => string.Join(", ", Categories.Select(c => c.Option + "=" + Above[c.Category].ToString(CultureInfo.InvariantCulture)));
    }
}
