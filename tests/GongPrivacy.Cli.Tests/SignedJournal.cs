using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// A real signed journal: a sandbox erase batch of four subjects, then a verify run once the sandbox has erased them,
    /// each run ending with its digest and printing its head. The copies after the erase run are an older copy of both files.
    /// </summary>
    internal sealed class SignedJournal : IDisposable
    {
        public const string Csv = "email,first@chain.example\nemail,second@chain.example\nemail,third@chain.example\nphone,+1 425 555 0100\n";

        private SignedJournal(CliHarness cli) => Cli = cli;

        public CliHarness Cli { get; }

        /// <summary>The head the erase run printed.</summary>
        public string EraseHead { get; private set; } = "";

        /// <summary>The head the verify run printed: the last one.</summary>
        public string Head { get; private set; } = "";

        public string Journal => Cli.Path("journal.jsonl");

        public string Digests => Cli.Path("journal.jsonl.digests");

        /// <summary>The journal and its digests as the erase run left them.</summary>
        public (string[] Journal, string[] Digests) AfterErase { get; private set; }

        public static async Task<SignedJournal> CreateAsync()
        {
            var signed = new SignedJournal(new CliHarness());
            var cli = signed.Cli;
            File.WriteAllText(cli.Path("subjects.csv"), Csv);
            var erase = await cli.RunAsync("batch", "erase", "subjects.csv", "--journal", "journal.jsonl", "--yes", "--sandbox");
            Assert.True(erase.Code == ExitCodes.Ok, erase.Output);
            signed.EraseHead = HeadOf(erase);
            signed.AfterErase = (File.ReadAllLines(signed.Journal), File.ReadAllLines(signed.Digests));

            cli.Clock.Advance(TimeSpan.FromSeconds(5));
            var verify = await cli.RunAsync("batch", "verify", "subjects.csv", "--journal", "journal.jsonl", "--sandbox", "--after", "1s");
            Assert.True(verify.Code == ExitCodes.Ok, verify.Output);
            Assert.Contains("verified", verify.Output);
            signed.Head = HeadOf(verify);
            Assert.NotEqual(signed.EraseHead, signed.Head);
            return signed;
        }

        /// <summary>The head a run printed: its last line, 'Journal head: …'.</summary>
        public static string HeadOf(CliResult run)
        {
            var last = run.Stderr.Trim().Split('\n').Last();
            Assert.StartsWith("Journal head: ", last);
            var head = last.Substring("Journal head: ".Length).Trim();
            Assert.Matches("^[0-9a-f]{16}$", head);
            return head;
        }

        public void Dispose() => Cli.Dispose();
    }
}
