using System;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Tests
{
    /// <summary>
    /// A subject holding a character its writer could not see (a zero-width space, a byte order mark, a bidirectional
    /// control, U+FFFD from bytes that were not UTF-8) names someone else: the client refuses it before anything is sent,
    /// naming the character, never the value.
    /// </summary>
    public class HiddenCharacterTests
    {
        [Theory]
        [InlineData("jane\u200B.doe@example.com", "U+200B ZERO WIDTH SPACE at character 5")]
        [InlineData("\uFEFFjane.doe@example.com", "U+FEFF BYTE ORDER MARK")]
        [InlineData("jane.doe@exa\u202Emple.com", "U+202E RIGHT-TO-LEFT OVERRIDE")]
        [InlineData("jos\uFFFD@example.com", "U+FFFD REPLACEMENT CHARACTER (the text was not valid UTF-8 where it came from)")]
        [InlineData("jane\u00AD.doe@example.com", "U+00AD SOFT HYPHEN")]
        public async Task An_email_address_with_a_hidden_character_is_refused_before_anything_is_sent(string address, string named)
        {
            using var gong = LoopbackGong.Start();
            using var client = gong.CreateClient();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EraseDataForEmailAddressAsync(address));

            Assert.Contains(named, ex.Message);
            Assert.DoesNotContain("jane", ex.Message);
            Assert.Empty(gong.Requests);
        }

        [Fact]
        public async Task A_phone_number_with_a_hidden_character_is_refused_before_anything_is_sent()
        {
            using var gong = LoopbackGong.Start();
            using var client = gong.CreateClient();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetDataForPhoneNumberAsync("+1 425\u2066 555 0100"));

            Assert.Contains("U+2066 LEFT-TO-RIGHT ISOLATE at character 7", ex.Message);
            Assert.Empty(gong.Requests);
        }

        [Theory]
        [InlineData("jos\u00E9@example.com")]
        [InlineData("\u5F20\u4F1F@example.cn")]
        [InlineData("user@b\u00FCcher.example")]
        public void Visible_letters_of_any_script_are_a_subject(string address) => Assert.Null(GongValidation.HiddenCharacter(address));
    }
}
