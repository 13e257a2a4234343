using System;
using System.Text.Json.Nodes;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// The sandbox's subjects that show who else an erase reaches and what Gong refuses (docs/sandbox.md): a shared office
    /// line, and an account too large to delete. Their answers keep the shapes of <see cref="SubjectData"/>.
    /// </summary>
    internal static class SampleSubjectData
    {
        /// <summary>The shared office line: two contacts with two addresses hold it, and a second number that differs in its country code matches it.</summary>
        public const string SharedLine = "+1 206 555 0199";

        /// <summary>An account that holds more than any threshold a reviewer would set, whose erase Gong refuses as an abnormal deletion.</summary>
        public const string HugeAccount = "huge.account@sandbox.example";

        /// <summary>A subject re-imported from the CRM a day after its erasure is carried out.</summary>
        public const string ComesBack = "comes.back@sandbox.example";

        /// <summary>How long after its erasure is carried out <see cref="ComesBack"/> is back (re-imported from Salesforce).</summary>
        public static readonly TimeSpan ComesBackAfter = TimeSpan.FromDays(1);

        /// <summary>Gong's words when it refuses an abnormal deletion (its reference: "If the deletion fails please contact support").</summary>
        public const string AbnormalDeletion = "The deletion was refused: it would delete an abnormal number of objects (data integrity protection). Please contact support at help@gong.io";

        /// <summary>Emails, calls, meetings, CRM records and engagement events <see cref="HugeAccount"/> holds: above every default threshold of the tool.</summary>
        public static readonly (int Emails, int Calls, int Meetings, int CrmRecords, int Events) HugeCounts = (300, 120, 120, 30, 300);

        /// <summary>The shared line's answer: two contacts' emails and calls, their two addresses, the number as stored and as stored with another country code.</summary>
        public static JsonObject Shared(string key, string? suppliedPhone)
        {
            var random = new Random(7199);
            var answer = SubjectData.Empty(key, suppliedPhone);
            var addresses = new[] { "front.desk@sandbox.example", "jo.whitfield@sandbox.example" };
            var emails = (JsonArray)answer["emails"]!;
            var calls = (JsonArray)answer["calls"]!;
            foreach (var address in addresses)
            {
                emails.Add(Email(random, address));
                calls.Add(Call(random));
            }

            ((JsonArray)answer["meetings"]!).Add(Meeting(random));
            ((JsonArray)answer["matchingPhoneNumbers"]!).Add("+12065550199");
            ((JsonArray)answer["matchingPhoneNumbers"]!).Add("+442065550199");
            foreach (var address in addresses)
            {
                ((JsonArray)answer["emailAddresses"]!).Add(address);
            }

            return answer;
        }

        /// <summary>The huge account's answer: hundreds of items in every category, and CRM records in Salesforce.</summary>
        public static JsonObject Huge(string key)
        {
            var random = new Random(30120);
            var answer = SubjectData.Empty(key, null);
            var (emails, calls, meetings, records, events) = HugeCounts;
            for (var i = 0; i < emails; i++)
            {
                ((JsonArray)answer["emails"]!).Add(Email(random, HugeAccount));
            }

            for (var i = 0; i < calls; i++)
            {
                ((JsonArray)answer["calls"]!).Add(Call(random));
            }

            for (var i = 0; i < meetings; i++)
            {
                ((JsonArray)answer["meetings"]!).Add(Meeting(random));
            }

            var objects = new JsonArray();
            for (var i = 0; i < records; i++)
            {
                objects.Add(new JsonObject
                {
                    ["id"] = Digits(random, 19),
                    ["objectType"] = i == 0 ? "Account" : "Contact",
                    ["externalId"] = Token(random, 18),
                    ["fields"] = new JsonArray(new JsonObject { ["name"] = "Email", ["value"] = HugeAccount }),
                });
            }

            ((JsonArray)answer["customerData"]!).Add(new JsonObject { ["system"] = "Salesforce", ["objects"] = objects });
            for (var i = 0; i < events; i++)
            {
                ((JsonArray)answer["customerEngagement"]!).Add(new JsonObject { ["eventType"] = "contentViewed", ["timestamp"] = When(random), ["contentId"] = Digits(random, 19), ["reportingSystem"] = "Gong", ["eventName"] = "Shared call viewed" });
            }

            return answer;
        }

        private static JsonObject Email(Random random, string from) =>
            new JsonObject { ["id"] = Token(random, 32), ["from"] = from, ["sentTime"] = When(random), ["mailbox"] = "sales@sandbox-tenant.example", ["messageHash"] = Token(random, 32) };

        private static JsonObject Call(Random random) => new JsonObject
        {
            ["id"] = Digits(random, 19),
            ["status"] = "COMPLETED",
            ["externalSystems"] = new JsonArray(new JsonObject { ["system"] = "Salesforce", ["objects"] = new JsonArray(new JsonObject { ["objectType"] = "Task", ["externalId"] = Token(random, 18) }) }),
        };

        private static JsonObject Meeting(Random random) => new JsonObject { ["id"] = Digits(random, 19) + "@calendar.sandbox.example" };

        private static string When(Random random) => SubjectData.When(random);

        private static string Token(Random random, int length) => SubjectData.Token(random, length);

        private static string Digits(Random random, int length) => SubjectData.Digits(random, length);
    }
}
