using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>The head is what the last digest signs, not how its signature is written.</summary>
    public partial class JournalHardeningTests
    {
        private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        [Fact]
        public async Task A_signature_re_encoded_by_an_editor_cannot_move_the_head_and_non_canonical_base64_is_refused()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem")).Code);
            var digests = File.ReadAllLines(signed.Digests).ToList();
            var signature = (string)JObject.Parse(digests[^1])["sig"]!;

            // ECDSA's malleability: (r, s) and (r, n - s) both verify. The editor has no key, and the signature still holds.
            var bytes = Convert.FromBase64String(signature);
            var order = BigInteger.Parse("00FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var flipped = (order - new BigInteger(bytes.AsSpan(32), isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
            var malleated = Convert.ToBase64String(bytes.Take(32).Concat(new byte[32 - flipped.Length]).Concat(flipped).ToArray());
            Assert.NotEqual(signature, malleated);
            File.WriteAllLines(signed.Digests, digests.SkipLast(1).Append(digests[^1].Replace(signature, malleated, StringComparison.Ordinal)));

            var check = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem", "--expect-head", signed.Head);
            Assert.True(check.Code == ExitCodes.Ok, check.Output);
            Assert.Equal(signed.Head, SignedJournal.HeadOf(check));

            // The unused bits of base64's last character: the same bytes, another text. Refused, naming the digest.
            var padded = signature.Substring(0, signature.Length - 3) + Base64[Base64.IndexOf(signature[^3], StringComparison.Ordinal) ^ 1] + "==";
            Assert.Equal(Convert.FromBase64String(signature), Convert.FromBase64String(padded));
            File.WriteAllLines(signed.Digests, digests.SkipLast(1).Append(digests[^1].Replace(signature, padded, StringComparison.Ordinal)));

            var reencoded = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem");
            Assert.True(reencoded.Code == ExitCodes.JournalTampered, reencoded.Output);
            Assert.Contains("at digest " + digests.Count + " (line " + digests.Count + " of journal.jsonl.digests): its signature is not the canonical base64", Assert.Single(reencoded.Stderr.Trim().Split('\n')));
        }
    }
}
