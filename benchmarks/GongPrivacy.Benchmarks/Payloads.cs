using System;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace GongPrivacy.Benchmarks
{
    /// <summary>The four payload tiers of a data-for-email-address answer.</summary>
    public enum Tier
    {
        None,
        Small,
        Large,
        Huge,
    }

    /// <summary>
    /// Builds valid data-for-email-address answers deterministically (fixed seed, invented values) until they
    /// reach the tier's size: none (empty arrays), about 10 KB, 2 MB and 20 MB.
    /// </summary>
    public static class Payloads
    {
        public static int TargetBytes(Tier tier) => tier switch
        {
            Tier.None => 0,
            Tier.Small => 10 * 1024,
            Tier.Large => 2 * 1024 * 1024,
            Tier.Huge => 20 * 1024 * 1024,
            _ => throw new ArgumentOutOfRangeException(nameof(tier)),
        };

        public static byte[] Build(Tier tier)
        {
            var target = TargetBytes(tier);
            var random = new Random(20261123);
            using var buffer = new MemoryStream();
            using (var text = new StreamWriter(buffer, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            using (var json = new JsonTextWriter(text))
            {
                json.WriteStartObject();
                json.WritePropertyName("requestId");
                json.WriteValue("4al018gzaztcr8nbukw");

                // Each round adds one item to every category; a quarter of the size each, roughly.
                var categories = new[] { "emails", "calls", "meetings", "customerData", "customerEngagement" };
                var writers = new Action<JsonTextWriter, Random, int>[] { Email, Call, Meeting, CustomerData, Engagement };
                var perItem = 1040; // measured average bytes of one round, over all five categories
                var roundsWanted = target == 0 ? 0 : Math.Max(1, target / perItem);
                for (var c = 0; c < categories.Length; c++)
                {
                    json.WritePropertyName(categories[c]);
                    json.WriteStartArray();
                    for (var i = 0; i < roundsWanted; i++)
                    {
                        writers[c](json, random, i);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        private static string Id(Random random, int length)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            return new string(chars);
        }

        private static string Digits(Random random, int length)
        {
            var chars = new char[length];
            chars[0] = (char)('1' + random.Next(9));
            for (var i = 1; i < length; i++)
            {
                chars[i] = (char)('0' + random.Next(10));
            }

            return new string(chars);
        }

        private static string When(Random random) =>
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-8, 9))).AddSeconds(random.Next(0, 60 * 60 * 24 * 365)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        private static void Email(JsonTextWriter json, Random random, int i)
        {
            json.WriteStartObject();
            json.WritePropertyName("from"); json.WriteValue("sender" + i + "@example.com");
            json.WritePropertyName("id"); json.WriteValue(Id(random, 32));
            json.WritePropertyName("sentTime"); json.WriteValue(When(random));
            json.WritePropertyName("mailbox"); json.WriteValue("mailbox" + (i % 17) + "@example.com");
            json.WritePropertyName("messageHash"); json.WriteValue(Id(random, 32));
            json.WriteEndObject();
        }

        private static void Call(JsonTextWriter json, Random random, int i)
        {
            json.WriteStartObject();
            json.WritePropertyName("id"); json.WriteValue(Digits(random, 19));
            json.WritePropertyName("status"); json.WriteValue("COMPLETED");
            json.WritePropertyName("externalSystems");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WritePropertyName("system"); json.WriteValue(i % 2 == 0 ? "Salesforce" : "HubSpot");
            json.WritePropertyName("objects");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WritePropertyName("objectType"); json.WriteValue("Task");
            json.WritePropertyName("externalId"); json.WriteValue(Id(random, 18));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Meeting(JsonTextWriter json, Random random, int i)
        {
            json.WriteStartObject();
            json.WritePropertyName("id"); json.WriteValue(Digits(random, 19) + "." + Id(random, 26) + "@google.com_2022-06-30T13:00:00Z");
            json.WriteEndObject();
        }

        private static void CustomerData(JsonTextWriter json, Random random, int i)
        {
            json.WriteStartObject();
            json.WritePropertyName("system"); json.WriteValue("Salesforce");
            json.WritePropertyName("objects");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WritePropertyName("id"); json.WriteValue(Digits(random, 19));
            json.WritePropertyName("objectType"); json.WriteValue(i % 3 == 0 ? "Lead" : "Contact");
            json.WritePropertyName("externalId"); json.WriteValue(Id(random, 18));
            json.WritePropertyName("mirrorId"); json.WriteValue("{\"integrationId\":\"" + Digits(random, 15) + "\",\"crmObjectType\":\"CONTACT\",\"crmId\":\"" + Id(random, 18) + "\"}");
            json.WritePropertyName("fields");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WritePropertyName("name"); json.WriteValue("Name");
            json.WritePropertyName("value"); json.WriteValue("Account " + i);
            json.WriteEndObject();
            json.WriteStartObject();
            json.WritePropertyName("name"); json.WriteValue("Amount");
            json.WritePropertyName("value"); json.WriteValue(random.Next(1000, 100000));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Engagement(JsonTextWriter json, Random random, int i)
        {
            var token = Id(random, 25);
            json.WriteStartObject();
            json.WritePropertyName("eventType"); json.WriteValue(i % 4 == 0 ? "ExternalCallViewing" : "contentViewed");
            json.WritePropertyName("timestamp"); json.WriteValue(When(random));
            json.WritePropertyName("contentId"); json.WriteValue(Digits(random, 19));
            json.WritePropertyName("contentUrl"); json.WriteValue("https://app.gong.io/e/c-share/tkn=" + token);
            json.WritePropertyName("reportingSystem"); json.WriteValue("Gong");
            json.WritePropertyName("eventName"); json.WriteValue("Call viewed");
            json.WritePropertyName("sourceEventId"); json.WriteValue(Id(random, 20));
            json.WriteEndObject();
        }
    }
}
