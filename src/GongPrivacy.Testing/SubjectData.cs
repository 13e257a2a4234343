using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// Invented, deterministic answers in the shapes of Gong's reference page (seed 004): every category, CRM
    /// <c>fields[].value</c> of every JSON kind, and enum values outside the lists Gong's document gives (Gong sends
    /// such values live). The same subject always gets the same data.
    /// </summary>
    internal static class SubjectData
    {
        /// <summary>An answer with nothing in it, as Gong gives for a subject it holds nothing about (200, not 404).</summary>
        public static JsonObject Empty(string key, string? suppliedPhone)
        {
            var answer = new JsonObject { ["emails"] = new JsonArray(), ["calls"] = new JsonArray(), ["meetings"] = new JsonArray(), ["customerData"] = new JsonArray() };
            if (key.StartsWith("email:", StringComparison.Ordinal))
            {
                answer["customerEngagement"] = new JsonArray();
            }
            else
            {
                answer["suppliedPhoneNumber"] = suppliedPhone;
                answer["matchingPhoneNumbers"] = new JsonArray();
                answer["emailAddresses"] = new JsonArray();
            }

            return answer;
        }

        /// <summary>
        /// Data for a subject: <paramref name="rich"/> fills every category with several items and CRM values of every
        /// JSON kind; otherwise one or two items per category, derived from the subject's hash, and a CRM record when
        /// <paramref name="crm"/> says so, else for about one subject in three (by its hash).
        /// </summary>
        public static JsonObject For(string key, string? suppliedPhone, bool rich, bool? crm = null)
        {
            var value = key.Substring(key.IndexOf(':') + 1);
            var random = new Random(Seed(value));
            var answer = Empty(key, suppliedPhone);
            var held = rich || (crm ?? (uint)Seed("crm|" + value) % 3 == 0);
            if (key.StartsWith("email:", StringComparison.Ordinal))
            {
                Fill(answer, random, value, rich ? 3 : 1 + random.Next(2), rich, held);
                var engagements = rich ? 2 : random.Next(2);
                var events = (JsonArray)answer["customerEngagement"]!;
                for (var i = 0; i < engagements; i++)
                {
                    events.Add(new JsonObject
                    {
                        // ExternalCallViewing is Gong's own example, and not in its list of valid values.
                        ["eventType"] = i == 0 ? "ExternalCallViewing" : "contentViewed",
                        ["timestamp"] = When(random),
                        ["contentId"] = Digits(random, 19),
                        ["contentUrl"] = "https://app.gong.io/e/c-share/tkn=" + Token(random, 25),
                        ["reportingSystem"] = "Gong",
                        ["eventName"] = "Shared call viewed",
                        ["sourceEventId"] = Token(random, 20),
                    });
                }
            }
            else
            {
                var digits = value.TrimStart('+');
                var address = "caller" + digits.Substring(Math.Max(0, digits.Length - 4)) + "@sandbox.example";
                Fill(answer, random, address, rich ? 2 : 1 + random.Next(2), rich, held);
                ((JsonArray)answer["matchingPhoneNumbers"]!).Add("+" + digits);
                ((JsonArray)answer["emailAddresses"]!).Add(address);
            }

            return answer;
        }

        private static void Fill(JsonObject answer, Random random, string address, int size, bool rich, bool crmHeld)
        {
            var emails = (JsonArray)answer["emails"]!;
            var calls = (JsonArray)answer["calls"]!;
            for (var i = 0; i < size; i++)
            {
                emails.Add(new JsonObject { ["id"] = Token(random, 32), ["from"] = address, ["sentTime"] = When(random), ["mailbox"] = "sales@sandbox-tenant.example", ["messageHash"] = Token(random, 32) });
                var open = rich && i == 2; // a system and an object type outside Gong's lists
                calls.Add(new JsonObject
                {
                    ["id"] = Digits(random, 19),
                    ["status"] = "COMPLETED",
                    ["externalSystems"] = new JsonArray(new JsonObject
                    {
                        ["system"] = open ? "Outreach" : "Salesforce",
                        ["objects"] = new JsonArray(new JsonObject { ["objectType"] = open ? "Event" : "Task", ["externalId"] = Token(random, 18) }),
                    }),
                });
            }

            ((JsonArray)answer["meetings"]!).Add(new JsonObject { ["id"] = Digits(random, 19) + "." + Token(random, 26) + "@calendar.sandbox.example_2026-06-30T13:00:00Z" });
            var crm = new JsonObject
            {
                ["id"] = Digits(random, 19),
                ["objectType"] = "Contact",
                ["externalId"] = Token(random, 18),
                ["mirrorId"] = "{\"integrationId\":\"" + Digits(random, 15) + "\",\"crmObjectType\":\"CONTACT\",\"crmId\":\"" + Token(random, 18) + "\"}",
            };
            var fields = new JsonArray(new JsonObject { ["name"] = "Email", ["value"] = address }, new JsonObject { ["name"] = "LeadScore", ["value"] = random.Next(1, 100) });
            if (rich)
            {
                // CRM values of every JSON kind: Gong's document says type: object, the live service sends any JSON value.
                fields.Add(new JsonObject { ["name"] = "Title", ["value"] = "Analyst" });
                fields.Add(new JsonObject { ["name"] = "DoNotCall", ["value"] = true });
                fields.Add(new JsonObject { ["name"] = "EmailOptOut", ["value"] = false });
                fields.Add(new JsonObject { ["name"] = "AnnualRevenue", ["value"] = 1843.5 });
                fields.Add(new JsonObject { ["name"] = "Fax", ["value"] = null });
                fields.Add(new JsonObject { ["name"] = "Interests", ["value"] = new JsonArray("engines", "notes", 1843) });
                fields.Add(new JsonObject { ["name"] = "MailingAddress", ["value"] = new JsonObject { ["street"] = "12 St James's Square", ["city"] = "London", ["geo"] = new JsonObject { ["lat"] = 51.507, ["lon"] = -0.135 } } });
            }

            crm["fields"] = fields;
            var customerData = (JsonArray)answer["customerData"]!;
            if (!crmHeld)
            {
                return; // the record was drawn all the same, so that the rest of the subject's data stays as it was
            }

            customerData.Add(new JsonObject { ["system"] = "Salesforce", ["objects"] = new JsonArray(crm) });
            if (rich)
            {
                // A CRM and an object type outside Gong's lists.
                customerData.Add(new JsonObject
                {
                    ["system"] = "Pipedrive",
                    ["objects"] = new JsonArray(new JsonObject
                    {
                        ["id"] = Digits(random, 19),
                        ["objectType"] = "Account",
                        ["externalId"] = Token(random, 18),
                        ["mirrorId"] = "{\"integrationId\":\"" + Digits(random, 15) + "\",\"crmObjectType\":\"ACCOUNT\"}",
                        ["fields"] = new JsonArray(new JsonObject { ["name"] = "Name", ["value"] = "Analytical Engines Ltd" }),
                    }),
                });
            }
        }

        private static int Seed(string value) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0);

        internal static string When(Random random) =>
            new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 300)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        internal static string Token(Random random, int length)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }

        internal static string Digits(Random random, int length) =>
            (char)('1' + random.Next(9)) + new string(Enumerable.Range(1, length - 1).Select(_ => (char)('0' + random.Next(10))).ToArray());
    }
}
