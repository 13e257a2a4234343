using Xunit;

namespace GongPrivacy.Tests
{
    public class RedactionTests
    {
        [Theory]
        [InlineData("jane.doe@example.com", "j***@e***.com")]
        [InlineData("a+b@x.com", "a***@x***.com")]
        [InlineData("user@localhost", "u***@l***")]
        [InlineData("not-an-address", "***")]
        [InlineData("", "")]
        public void Emails_keep_only_the_first_letters_and_the_top_level_domain(string email, string masked)
        {
            Assert.Equal(masked, GongRedaction.MaskEmail(email));
        }

        [Theory]
        [InlineData("+1 (425) 555-2671", "+1******2671")]
        [InlineData("+442079460018", "+4*******0018")]
        [InlineData("12345", "*****")]
        public void Phones_keep_the_first_and_last_four_digits(string phone, string masked)
        {
            Assert.Equal(masked, GongRedaction.MaskPhone(phone));
        }

        [Fact]
        public void Free_text_has_every_address_and_number_masked()
        {
            var text = GongRedaction.Redact("Cannot erase jane.doe@example.com or +1 (425) 555-2671 (request 4al018gzaztcr8nbukw)");

            Assert.Equal("Cannot erase j***@e***.com or +1******2671 (request 4al018gzaztcr8nbukw)", text);
        }
    }
}
