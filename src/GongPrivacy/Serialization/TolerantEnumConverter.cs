using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;

namespace GongPrivacy.Serialization
{
    /// <summary>
    /// Reads an enum from its <see cref="EnumMemberAttribute"/> name or its member name, ignoring case,
    /// and reads a value it does not know as <see langword="null"/> (or the default, for a non-nullable
    /// property) instead of failing. Gong says it may add values without notice.
    /// </summary>
    internal sealed class TolerantEnumConverter : JsonConverter
    {
        public static readonly TolerantEnumConverter Instance = new TolerantEnumConverter();

        private static readonly ConcurrentDictionary<Type, EnumMap> Maps = new ConcurrentDictionary<Type, EnumMap>();

        public static bool IsEnumType(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            return underlying.GetTypeInfo().IsEnum;
        }

        public override bool CanConvert(Type objectType) => IsEnumType(objectType);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            var nullable = Nullable.GetUnderlyingType(objectType) != null;
            var enumType = Nullable.GetUnderlyingType(objectType) ?? objectType;
            var fallback = nullable ? null : Activator.CreateInstance(enumType);

            switch (reader.TokenType)
            {
                case JsonToken.Null:
                    return fallback;
                case JsonToken.String:
                    var text = (string?)reader.Value;
                    return text != null && Maps.GetOrAdd(enumType, t => new EnumMap(t)).TryGet(text, out var value) ? value : fallback;
                case JsonToken.Integer:
                    var number = Convert.ToInt64(reader.Value, System.Globalization.CultureInfo.InvariantCulture);
                    var boxed = Enum.ToObject(enumType, number);
                    return Enum.IsDefined(enumType, boxed) ? boxed : fallback;
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
            if (value == null)
            {
                writer.WriteNull();
                return;
            }

            writer.WriteValue(Maps.GetOrAdd(value.GetType(), t => new EnumMap(t)).NameOf(value));
        }

        private sealed class EnumMap
        {
            private readonly Dictionary<string, object> _byName = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<object, string> _byValue = new Dictionary<object, string>();

            public EnumMap(Type enumType)
            {
                foreach (var field in enumType.GetTypeInfo().DeclaredFields)
                {
                    if (!field.IsStatic)
                    {
                        continue;
                    }

                    var value = field.GetValue(null)!;
                    var wireName = field.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? field.Name;
                    _byName[wireName] = value;
                    if (!_byName.ContainsKey(field.Name))
                    {
                        _byName[field.Name] = value;
                    }

                    _byValue[value] = wireName;
                }
            }

            public bool TryGet(string text, out object? value)
            {
                var found = _byName.TryGetValue(text.Trim(), out var hit);
                value = hit;
                return found;
            }

            public string NameOf(object value) => _byValue.TryGetValue(value, out var name) ? name : value.ToString()!;
        }
    }
}
