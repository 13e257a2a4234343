#if GONG_SCHEMA_EmailMessage
using System;
using System.Globalization;
using Newtonsoft.Json;

namespace GongPrivacy
{
    /// <summary>Adds to the generated email message its send time as a date, which Gong's document types as text.</summary>
    public partial class EmailMessage
    {
        /// <summary>
        /// <see cref="SentTime"/> read as an ISO-8601 date with its offset, or <see langword="null"/> when it is absent or not
        /// such a date. <see cref="SentTime"/> keeps the text exactly as sent.
        /// </summary>
        [JsonIgnore]
        public DateTimeOffset? SentAt =>
            DateTimeOffset.TryParse(SentTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent) ? sent : (DateTimeOffset?)null;
    }
}
#endif
