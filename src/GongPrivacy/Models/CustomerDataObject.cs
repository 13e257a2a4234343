#if GONG_SCHEMA_CustomerDataObject
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace GongPrivacy
{
    /// <summary>Adds to the generated CRM record a reading of <see cref="MirrorId"/>, which Gong sends as JSON inside a string.</summary>
    public partial class CustomerDataObject
    {
        /// <summary>
        /// What <see cref="MirrorId"/> encodes, such as <c>{"integrationId": "…", "crmObjectType": "CONTACT", "crmId": "…"}</c>:
        /// the JSON in the string (unwrapped when Gong quoted it twice), or <see langword="null"/> when it is absent or not JSON.
        /// <see cref="MirrorId"/> keeps the text exactly as sent.
        /// </summary>
        [JsonIgnore]
        public JToken? MirrorIdDecoded
        {
            get
            {
                var text = MirrorId;
                for (var depth = 0; depth < 3 && !string.IsNullOrWhiteSpace(text); depth++)
                {
                    JToken token;
                    try
                    {
                        token = JToken.Parse(text!);
                    }
                    catch (JsonException)
                    {
                        return null;
                    }

                    if (token.Type != JTokenType.String)
                    {
                        return token;
                    }

                    text = (string?)token;
                }

                return null;
            }
        }
    }
}
#endif
