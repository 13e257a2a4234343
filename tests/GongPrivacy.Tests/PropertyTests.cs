using System;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// Whatever string goes in either throws <see cref="ArgumentException"/> with nothing sent, or arrives at the
    /// server byte-for-byte as the encoded query value.
    /// </summary>
    public sealed class PropertyTests : IDisposable
    {
        private readonly LoopbackGong _gong = LoopbackGong.Start();
        private readonly IGongDataPrivacyClient _client;

        public PropertyTests()
        {
            _gong.Server.Given(Request.Create().UsingAnyMethod())
                .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"requestId\":\"p\"}"));
            _client = _gong.CreateClient();
        }

        public static Arbitrary<string> EmailLike() => Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>(),
                Gen.Elements("a", "b.c", "x+y", "O'Hara", "\u00e9l\u00e8ve", "dr\u00e9", "a b", "q%41", "&x=1", "#f", "\u4f8b", "\ud83d\ude00", "/", "?", "=").ArrayOf().Select(parts => string.Join(string.Empty, parts)),
                Gen.Elements("a", "b+c", "d.e", "\u00fc", "%2B", "&", "=", "#", " ", "'", "\ud83d\ude00").NonEmptyListOf().SelectMany(local => Gen.Elements("x.com", "ex-ample.org", "b\u00fccher.de", "a..b", "-x.com", "x.com ", "\u4f8b\u3048.jp").Select(domain => string.Join(string.Empty, local) + "@" + domain)))
            .Where(s => s != null)
            .ToArbitrary();

        public static Arbitrary<string> PhoneLike() => Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>(),
                Gen.Elements("+", "1", "4", "2", "5", "0", " ", "(", ")", "-", ".", "/", "x", "#", "%", "&", "\u0661").ArrayOf().Select(parts => string.Join(string.Empty, parts)),
                Gen.Elements("1", "44", "49", "81", "0").SelectMany(cc => Gen.Choose(0, 999999999).Select(n => "+" + cc + " (" + (n % 1000) + ") " + (n / 1000))))
            .Where(s => s != null)
            .ToArbitrary();

        [Property(Arbitrary = new[] { typeof(PropertyTests) }, MaxTest = 300)]
        public bool Email_either_refused_before_sending_or_arrives_exactly_encoded(string email) =>
            Check(() => _client.GetDataForEmailAddressAsync(email), "emailAddress", email);

        [Property(Arbitrary = new[] { typeof(PropertyTests) }, MaxTest = 300)]
        public bool Phone_either_refused_before_sending_or_arrives_exactly_encoded(string phone) =>
            Check(() => _client.GetDataForPhoneNumberAsync(phone), "phoneNumber", phone);

        public void Dispose() => _gong.Dispose();

        private bool Check(Func<Task> call, string name, string value)
        {
            var before = _gong.Requests.Length;
            try
            {
                call().GetAwaiter().GetResult();
            }
            catch (ArgumentException)
            {
                return _gong.Requests.Length == before;
            }

            var requests = _gong.Requests;
            if (requests.Length != before + 1)
            {
                return false;
            }

            var received = requests.OrderBy(r => r.RequestMessage!.DateTime).Last().RequestMessage!;
            return received.RawQuery?.TrimStart('?') == name + "=" + Uri.EscapeDataString(value)
                && received.Query![name].Single() == value;
        }
    }
}
