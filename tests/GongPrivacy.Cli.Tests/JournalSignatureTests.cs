using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// The journal's signatures as an auditor meets them: a check with the public key alone; a journal rewritten and
    /// re-signed by someone holding another key; a killed run's entries, uncovered then signed as recovered; and a
    /// passphrase's keys, derived as documented.
    /// </summary>
    public class JournalSignatureTests
    {
        [Fact]
        public async Task An_auditor_checks_an_untouched_journal_with_the_public_key_alone_no_key_file_no_credentials()
        {
            using var signed = await SignedJournal.CreateAsync();
            var export = await signed.Cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem");
            Assert.True(export.Code == ExitCodes.Ok, export.Output);
            var fingerprint = System.Text.RegularExpressions.Regex.Match(export.Stderr, "fingerprint ([0-9a-f]{16})").Groups[1].Value;
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(signed.Cli.Path("pub.pem")));

            using var auditor = new CliHarness();
            foreach (var file in new[] { "journal.jsonl", "journal.jsonl.digests", "pub.pem" })
            {
                File.Copy(signed.Cli.Path(file), auditor.Path(file));
            }

            var check = await auditor.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem", "--expect-head", signed.Head);
            var report = await auditor.RunAsync("report", "--journal", "journal.jsonl", "--public-key", "pub.pem", "--output", "evidence.csv");

            Assert.Empty(auditor.Variables);
            Assert.False(File.Exists(auditor.Path("journal.jsonl.key")));
            Assert.True(check.Code == ExitCodes.Ok, check.Output);
            Assert.Contains("signed by key " + fingerprint + " (checked with the public key of --public-key pub.pem)", check.Stderr);
            Assert.True(report.Code == ExitCodes.Ok, report.Output);
            Assert.Contains("signed by key " + fingerprint, File.ReadAllText(auditor.Path("evidence.csv")));

            // Without the public key and without the key file, nothing is checked, and it says what is missing.
            var without = await auditor.RunAsync("journal", "verify", "--journal", "journal.jsonl");
            Assert.Equal(ExitCodes.Journal, without.Code);
            Assert.Contains("is missing", without.Stderr);
        }

        [Fact]
        public async Task A_journal_rewritten_and_re_signed_with_another_key_fails_the_auditors_public_key()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "export-public-key", "--journal", "journal.jsonl", "--output", "pub.pem")).Code);

            // The forger's key file: the same pseudonym key, a signing key of their own; every line re-linked, every digest re-signed.
            using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyFile = JObject.Parse(File.ReadAllText(signed.Journal + ".key"));
            var ownId = JournalKeys.PublicKeyId(forger);
            var lines = File.ReadAllLines(signed.Journal).Select(l => JournalChain.Split(l).Content).ToList();
            var target = lines.FindIndex(l => l.Contains("\"event\":\"end\"", StringComparison.Ordinal));
            lines[target] = lines[target].Replace("\"state\":\"accepted\"", "\"state\":\"refused\"", StringComparison.Ordinal);
            lines[0] = System.Text.RegularExpressions.Regex.Replace(lines[0], "\"signingKey\":\"[0-9a-f]+\"", "\"signingKey\":\"" + ownId + "\"");
            var relinked = JournalTamperTests.Rechain(lines);
            var digests = File.ReadAllLines(signed.Digests).Select(l => JObject.Parse(l)).ToList();
            var previous = string.Empty;
            var resigned = digests.Select(d =>
            {
                var to = (long)d["to"]!;
                var head = relinked.Take((int)to).Aggregate(string.Empty, JournalDigests.Link);
                var digest = JournalDigests.Sign(forger, (int)d["digest"]!, (string)d["kind"]!, (string?)d["run"], (long)d["from"]!, to, head, previous, DateTimeOffset.Parse((string)d["at"]!), kdf: null);
                previous = digest.Signature;
                return JournalDigests.Line(digest);
            }).ToList();
            File.WriteAllLines(signed.Journal, relinked);
            File.WriteAllLines(signed.Digests, resigned);
            keyFile["signingKey"] = Convert.ToBase64String(forger.ExportPkcs8PrivateKey());
            File.WriteAllText(signed.Journal + ".key", keyFile.ToString());

            // With the forged key file beside it, the journal holds together: the key that checks is the key that signs.
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl")).Code);

            var auditor = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--public-key", "pub.pem");
            var head = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", signed.Head);

            Assert.Equal(ExitCodes.JournalTampered, auditor.Code);
            Assert.Contains("at digest 1 (line 1 of journal.jsonl.digests): it is signed by key " + ownId + ", not by the public key", Assert.Single(auditor.Stderr.Trim().Split('\n')));
            Assert.Equal(ExitCodes.JournalTampered, head.Code);
            Assert.Contains("never reach the head you kept", head.Stderr);
        }

        [Fact]
        public async Task A_run_killed_before_its_digest_is_reported_not_covered_then_signed_as_recovered_by_the_next_run()
        {
            using var signed = await SignedJournal.CreateAsync();
            var cli = signed.Cli;
            var before = File.ReadAllLines(signed.Journal).Length;
            var source = (string?)JObject.Parse(File.ReadAllLines(signed.Journal)[1])["source"];
            UnfinishedJournal.Write(cli, "journal.jsonl", journal => new[]
            {
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.RunStart, Run = "killed01", Action = "erase", Resume = true, KeyId = journal.KeyId, Source = source },
                new JournalEntry { Timestamp = cli.Time.GetUtcNow(), Event = JournalEvent.HostChanged, Run = "killed01", Action = "erase", Host = "the embedded sandbox", Detail = "the calls now go to the embedded sandbox" },
            });
            var after = File.ReadAllLines(signed.Journal).Length;
            var uncovered = "entries " + (before + 1) + "-" + after + " were written after the last signed digest";

            var check = await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl");
            var report = await cli.RunAsync("report", "--journal", "journal.jsonl", "--output", "evidence.html");

            Assert.Equal(ExitCodes.JournalTampered, check.Code);
            Assert.Contains(uncovered, Assert.Single(check.Stderr.Trim().Split('\n')));
            Assert.Equal(ExitCodes.JournalTampered, report.Code);
            Assert.Contains(uncovered, report.Stderr.Trim().Split('\n').Last());
            var page = VerifyBatchTests.ParseStrictly(File.ReadAllText(cli.Path("evidence.html")));
            Assert.Contains(uncovered, page.GetElementById("uncovered")!.TextContent);

            var next = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume", "--yes");
            Assert.True(next.Code == ExitCodes.Ok, next.Output);
            var digests = File.ReadAllLines(signed.Digests).Select(JObject.Parse).ToList();
            var recovered = Assert.Single(digests, d => (string?)d["kind"] == "recovered");
            Assert.Equal(before + 1, (long)recovered["from"]!);
            Assert.Equal(after, (long)recovered["to"]!);
            Assert.Equal("run-end", (string?)digests.Last()["kind"]);
            Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("journal", "verify", "--journal", "journal.jsonl", "--expect-head", SignedJournal.HeadOf(next))).Code);
        }

        [Fact]
        public async Task A_passphrase_goes_through_PBKDF2_at_the_documented_work_factor_and_the_journal_holds_nothing_faster_to_guess()
        {
            const string Passphrase = "correct horse battery staple";
            using var cli = new CliHarness();
            cli.Variables[JournalKeys.Variable] = Passphrase;
            File.WriteAllText(cli.Path("subjects.csv"), SignedJournal.Csv);
            var run = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");
            Assert.True(run.Code == ExitCodes.Ok, run.Output);

            var journal = File.ReadAllText(cli.Path("journal.jsonl"));
            var created = JObject.Parse(journal.Split('\n')[0]);
            var kdf = created["kdf"]!;
            Assert.Equal("PBKDF2-HMAC-SHA256", (string?)kdf["alg"]);
            Assert.Equal(600_000, (int)kdf["iterations"]!);
            var salt = Convert.FromBase64String((string)kdf["salt"]!);
            Assert.Equal(16, salt.Length);
            Assert.False(File.Exists(cli.Path("journal.jsonl.key")));

            // The keys the journal names come from the passphrase through exactly those parameters, computed here independently.
            var master = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Passphrase), salt, 600_000, HashAlgorithmName.SHA256, 32);
            var pseudonym = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.ASCII.GetBytes("gong-privacy journal pseudonym key v2"));
            Assert.Equal(JournalKeys.Fingerprint(pseudonym), (string?)created["keyId"]);
            var d = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.ASCII.GetBytes("gong-privacy journal signing key v2 0"));
            using var signer = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            Assert.Equal(JournalKeys.PublicKeyId(signer), (string?)created["signingKey"]);

            // 0.2.0's fingerprint (one SHA-256 of the passphrase, then an HMAC) would let a guess be checked at hash speed: it is nowhere.
            var fast = SHA256.HashData(Encoding.UTF8.GetBytes(Passphrase));
            var everything = journal + File.ReadAllText(cli.Path("journal.jsonl.digests"));
            Assert.DoesNotContain(JournalKeys.Fingerprint(fast), everything);
            Assert.DoesNotContain(Convert.ToHexString(fast).ToLowerInvariant(), everything);
            Assert.DoesNotContain(Convert.ToBase64String(master), everything);

            // Another passphrase is another key: refused before anything is sent.
            cli.Variables[JournalKeys.Variable] = Passphrase + "!";
            var other = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--resume");
            Assert.Equal(ExitCodes.JournalTampered, other.Code);
            Assert.Contains("the passphrase is another", other.Stderr);
        }
    }
}
