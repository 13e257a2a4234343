using System;
using Newtonsoft.Json;

namespace GongPrivacy.Serialization
{
    /// <summary>
    /// The JSON settings of every read and write: the generated client's (through NSwag's <c>UpdateJsonSerializerSettings</c>
    /// hook) and the hand-written operations' cached serializer alike. Tolerant: unknown fields are kept, unknown enum
    /// values read as null, missing collections read as empty, dates are left as sent.
    /// </summary>
    internal static class GongJson
    {
        private static readonly Lazy<JsonSerializerSettings> Shared = new Lazy<JsonSerializerSettings>(
            () =>
            {
                var settings = new JsonSerializerSettings();
                Apply(settings);
                return settings;
            },
            isThreadSafe: true);

        public static JsonSerializerSettings Settings => Shared.Value;

        public static void Apply(JsonSerializerSettings settings)
        {
            settings.ContractResolver = GongContractResolver.Instance;
            settings.DateParseHandling = DateParseHandling.None;
            settings.MissingMemberHandling = MissingMemberHandling.Ignore;
            settings.NullValueHandling = NullValueHandling.Ignore;
        }
    }
}
