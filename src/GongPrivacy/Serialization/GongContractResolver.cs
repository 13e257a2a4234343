using System;
using System.Collections.Generic;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace GongPrivacy.Serialization
{
    /// <summary>
    /// The contract resolver behind every read and write the client does. It makes the
    /// generated and hand-written models tolerant of an open-world service:
    /// <list type="bullet">
    /// <item><description>an enum value the client does not know reads as <see langword="null"/> instead of failing;</description></item>
    /// <item><description>a collection that is missing or <c>null</c> in the JSON reads as an empty collection;</description></item>
    /// <item><description>a field the document marks required may be missing;</description></item>
    /// <item><description>a date reads from an ISO-8601 string or a Unix time, and anything else as <see langword="null"/>.</description></item>
    /// </list>
    /// </summary>
    internal sealed class GongContractResolver : DefaultContractResolver
    {
        public static readonly GongContractResolver Instance = new GongContractResolver();

        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);

            // A document may mark a field required; a live answer may still leave it out or send null (a missing or null
            // array reads as empty, see CreateObjectContract).
            property.Required = Required.Default;
            JsonConverter? tolerant = null;
            if (property.PropertyType != null && TolerantDateConverter.IsDateType(property.PropertyType) && property.Converter == null)
            {
                tolerant = TolerantDateConverter.Instance;
            }
            else if (property.PropertyType != null && TolerantEnumConverter.IsEnumType(property.PropertyType)
                && (property.Converter == null || property.Converter is StringEnumConverter))
            {
                tolerant = TolerantEnumConverter.Instance;
            }

            if (tolerant != null)
            {
                property.Converter = tolerant;

                // A value it cannot read becomes null. With NullValueHandling.Ignore Newtonsoft would then hand the
                // token to the extension data instead, and fail on an object or array; so nulls are set on read
                // and skipped on write.
                if (property.NullValueHandling == NullValueHandling.Ignore)
                {
                    var provider = property.ValueProvider!;
                    property.NullValueHandling = NullValueHandling.Include;
                    property.ShouldSerialize = target => provider.GetValue(target) != null;
                }
            }

            return property;
        }

        protected override JsonObjectContract CreateObjectContract(Type objectType)
        {
            var contract = base.CreateObjectContract(objectType);
            var fillers = new List<JsonProperty>();
            foreach (var property in contract.Properties)
            {
                if (property.Writable && property.Readable && !property.Ignored && property.ValueProvider != null
                    && property.PropertyType != null && EmptyCollectionFactory.CanCreate(property.PropertyType))
                {
                    fillers.Add(property);
                }
            }

            if (fillers.Count > 0)
            {
                var filled = fillers.ToArray();
                contract.OnDeserializedCallbacks.Add((target, _) => FillMissingCollections(target, filled));
            }

            return contract;
        }

        private static void FillMissingCollections(object target, JsonProperty[] properties)
        {
            foreach (var property in properties)
            {
                var provider = property.ValueProvider!;
                if (provider.GetValue(target) == null)
                {
                    provider.SetValue(target, EmptyCollectionFactory.Create(property.PropertyType!));
                }
            }
        }
    }
}
