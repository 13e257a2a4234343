using System;
using System.Globalization;
using Newtonsoft.Json;

namespace GongPrivacy.Serialization
{
    /// <summary>
    /// Reads a date that Gong's document types as <c>date-time</c> from whatever the live service sends: an ISO-8601 string
    /// with its offset, or a number of seconds (or milliseconds) since 1970, as Gong's own example shows (<c>1547971200.0</c>).
    /// Anything else reads as <see langword="null"/> instead of failing the whole answer. Writes ISO-8601.
    /// </summary>
    internal sealed class TolerantDateConverter : JsonConverter
    {
        public static readonly TolerantDateConverter Instance = new TolerantDateConverter();

        public static bool IsDateType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset);

        public override bool CanConvert(Type objectType) => IsDateType(objectType);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            var fallback = Nullable.GetUnderlyingType(objectType) != null ? null : (object)default(DateTimeOffset);
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return DateTimeOffset.TryParse((string?)reader.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : fallback;
                case JsonToken.Date:
                    return reader.Value is DateTimeOffset offset ? offset : reader.Value is DateTime date ? new DateTimeOffset(date.ToUniversalTime(), TimeSpan.Zero) : fallback;
                case JsonToken.Integer:
                case JsonToken.Float:
                    var seconds = Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture);
                    if (Math.Abs(seconds) > 1e11)
                    {
                        seconds /= 1000; // milliseconds
                    }

                    return Math.Abs(seconds) < 253402300799 ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : fallback;
                case JsonToken.StartObject:
                case JsonToken.StartArray:
                    reader.Skip();
                    return fallback;
                default:
                    return fallback;
            }
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is DateTimeOffset date)
            {
                writer.WriteValue(date.ToString("o", CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNull();
            }
        }
    }
}
