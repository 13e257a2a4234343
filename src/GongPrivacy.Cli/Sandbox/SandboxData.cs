using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace GongPrivacy.Cli.Sandbox
{
    /// <summary>
    /// The sandbox tenant's data: invented, deterministic. The sample subjects have fixed data; any other address or
    /// number gets a little data derived from its hash, and addresses that start with <c>no.match</c> have none.
    /// </summary>
    internal static class SandboxData
    {
        public static readonly IReadOnlyList<string> Samples = new[]
        {
            "ada.lovelace@sandbox.example",
            "grace.hopper@sandbox.example",
            "+1 206 555 0100",
            "no.match@sandbox.example",
        };

        public static EmailAddressReferences EmptyEmail(string requestId) => new EmailAddressReferences { RequestId = requestId };

        public static PhoneNumberReferences EmptyPhone(string phone, string requestId) => new PhoneNumberReferences { RequestId = requestId, SuppliedPhoneNumber = phone };

        public static EmailAddressReferences ForEmail(string email, string requestId)
        {
            var address = email.Trim().ToLowerInvariant();
            if (address.StartsWith("no.match", StringComparison.Ordinal))
            {
                return EmptyEmail(requestId);
            }

            var random = new Random(Seed(address));
            var response = new EmailAddressReferences { RequestId = requestId };
            var rich = address == Samples[0];
            Fill(response, random, address, rich ? 3 : 1 + random.Next(2));
            if (rich)
            {
                // CRM values of every JSON kind, so that the subject report shows each.
                var fields = response.CustomerData[0].Objects[0].Fields;
                fields.Add(new ContextField { Name = "Title", Value = new JValue("Analyst") });
                fields.Add(new ContextField { Name = "DoNotCall", Value = new JValue(true) });
                fields.Add(new ContextField { Name = "AnnualRevenue", Value = new JValue(1843.5) });
                fields.Add(new ContextField { Name = "Fax", Value = JValue.CreateNull() });
                fields.Add(new ContextField { Name = "Interests", Value = new JArray("engines", "notes", 1843) });
                fields.Add(new ContextField { Name = "MailingAddress", Value = new JObject { ["street"] = "12 St James's Square", ["city"] = "London", ["geo"] = new JObject { ["lat"] = 51.507, ["lon"] = -0.135 } } });
            }

            var engagements = rich ? 2 : random.Next(2);
            for (var i = 0; i < engagements; i++)
            {
                response.CustomerEngagement.Add(new CustomerEngagement
                {
                    EventType = i == 0 ? "ExternalCallViewing" : "contentViewed",
                    Timestamp = When(random),
                    ContentId = Digits(random, 19),
                    ContentUrl = "https://app.gong.io/e/c-share/tkn=" + Token(random, 25),
                    ReportingSystem = "Gong",
                    EventName = "Shared call viewed",
                    SourceEventId = Token(random, 20),
                });
            }

            return response;
        }

        public static PhoneNumberReferences ForPhone(string phone, string requestId)
        {
            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            var random = new Random(Seed("+" + digits));
            var response = new PhoneNumberReferences { RequestId = requestId, SuppliedPhoneNumber = phone };
            Fill(response, random, "caller" + digits.Substring(Math.Max(0, digits.Length - 4)) + "@sandbox.example", 1 + random.Next(2));
            response.MatchingPhoneNumbers.Add("+" + digits);
            response.EmailAddresses.Add("caller" + digits.Substring(Math.Max(0, digits.Length - 4)) + "@sandbox.example");
            return response;
        }

        private static void Fill(ISubjectReferences response, Random random, string address, int size)
        {
            for (var i = 0; i < size; i++)
            {
                response.Emails.Add(new EmailMessage { Id = Token(random, 32), From = address, SentTime = When(random).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), Mailbox = "sales@sandbox-tenant.example", MessageHash = Token(random, 32) });
                response.Calls.Add(new CallReference
                {
                    Id = Digits(random, 19),
                    Status = "COMPLETED",
                    ExternalSystems = { new ExternalSystem { System = "Salesforce", Objects = { new ExternalSystemObject { ObjectType = "Task", ExternalId = Token(random, 18) } } } },
                });
            }

            response.Meetings.Add(new Meeting { Id = Digits(random, 19) + "." + Token(random, 26) + "@calendar.sandbox.example_2026-06-30T13:00:00Z" });
            response.CustomerData.Add(new CustomerData
            {
                System = "Salesforce",
                Objects =
                {
                    new CustomerDataObject
                    {
                        Id = Digits(random, 19),
                        ObjectType = "Contact",
                        ExternalId = Token(random, 18),
                        MirrorId = "{\"integrationId\":\"" + Digits(random, 15) + "\",\"crmObjectType\":\"CONTACT\",\"crmId\":\"" + Token(random, 18) + "\"}",
                        Fields = { new ContextField { Name = "Email", Value = new JValue(address) }, new ContextField { Name = "LeadScore", Value = new JValue(random.Next(1, 100)) } },
                    },
                },
            });
        }

        private static int Seed(string value) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0);

        private static DateTimeOffset When(Random random) =>
            new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 300));

        private static string Token(Random random, int length)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }

        private static string Digits(Random random, int length) =>
            (char)('1' + random.Next(9)) + new string(Enumerable.Range(1, length - 1).Select(_ => (char)('0' + random.Next(10))).ToArray());
    }
}
