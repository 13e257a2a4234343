using System;
using System.Globalization;

namespace GongPrivacy.Internal
{
    /// <summary>Reads a <c>Retry-After</c> header, given as whole seconds or as an HTTP date.</summary>
    internal static class RetryAfter
    {
        public static TimeSpan? Parse(string? value, DateTimeOffset utcNow)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var text = value!.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
            }

            if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date))
            {
                var delay = date.ToUniversalTime() - utcNow.ToUniversalTime();
                return delay <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
            }

            return null;
        }
    }
}
