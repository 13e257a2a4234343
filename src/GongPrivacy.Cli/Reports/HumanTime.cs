using System;
using System.Globalization;
using System.Text.RegularExpressions;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Commands.Subjects;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>Times for a person: "4 March 2026, 17:15 UTC", in a time zone the page states once.</summary>
    internal static class HumanTime
    {
        /// <summary>An ISO 8601 date and time with its offset, as Gong sends them; nothing looser (an ID that holds a date is not a time).</summary>
        private static readonly Regex Iso = new Regex(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,7})?)?(Z|[+-]\\d{2}:\\d{2})$", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

        /// <summary>The time zone's name for the sentence that states it: "UTC", or its IANA name.</summary>
        public static string ZoneName(TimeZoneInfo zone) => IsUtc(zone) ? "UTC (Coordinated Universal Time)" : zone.Id + " time";

        /// <summary>A time as a person reads it, in <paramref name="zone"/>, with the zone (or its offset then) after it.</summary>
        public static string Format(DateTimeOffset time, TimeZoneInfo zone)
        {
            var local = TimeZoneInfo.ConvertTime(time, zone);
            var clock = local.Second == 0 && local.Millisecond == 0 ? "HH:mm" : "HH:mm:ss";
            return local.ToString("d MMMM yyyy, " + clock, CultureInfo.InvariantCulture) + " " + Suffix(local.Offset, zone);
        }

        /// <summary>A date and time Gong sent (ISO 8601 with an offset), or null for any other text.</summary>
        public static DateTimeOffset? Parse(string text) =>
            Iso.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

        /// <summary>A zone by its IANA (or Windows) name; null when the name is empty.</summary>
        public static TimeZoneInfo? Zone(string? name, string what)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            if (string.Equals(name.Trim(), "UTC", StringComparison.OrdinalIgnoreCase))
            {
                return TimeZoneInfo.Utc;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new CliException(ExitCodes.Usage, what + " must be a time zone name such as UTC, Europe/Berlin or America/New_York; '" + name.Trim() + "' is not one this machine knows. Nothing was sent.");
            }
        }

        private static bool IsUtc(TimeZoneInfo zone) => zone.Id == TimeZoneInfo.Utc.Id || zone.Id == "Etc/UTC";

        private static string Suffix(TimeSpan offset, TimeZoneInfo zone) =>
            IsUtc(zone) ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);
    }
}
