using System.Security.Cryptography;

namespace GongPrivacy.Testing
{
    /// <summary>
    /// Request ids as Gong's look (19 lower-case letters and digits, such as <c>4al018gzaztcr8nbukw</c>), starting with
    /// <c>sbx</c> so that evidence from the fake is never taken for Gong's. The 16 characters after the prefix are
    /// random (82 bits): ids are unique across fakes, processes and restarts without any shared counter.
    /// </summary>
    internal static class RequestIds
    {
        public const string Prefix = "sbx";
        private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

        public static string Next()
        {
            var chars = new char[Prefix.Length + 16];
            Prefix.CopyTo(0, chars, 0, Prefix.Length);
            for (var i = Prefix.Length; i < chars.Length; i++)
            {
                chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }

            return new string(chars);
        }
    }
}
