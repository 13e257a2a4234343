using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using GongPrivacy.Cli.Journal;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Journal
{
    /// <summary>
    /// <c>journal verify --journal J [--public-key pub.pem] [--expect-head H]</c>: the auditor's check, with the public key
    /// alone (no Gong credentials, no private key). Exit 0 when every entry is covered by a signed digest that holds; 11 at
    /// the first problem, named.
    /// </summary>
    internal static class JournalVerifyCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("verify", "Check a journal and its signed digests (<journal>.digests): every entry in place and unchanged, every digest signed by the journal's key and in its chain, nothing after the last digest. Needs the public key only (--public-key), or the key file beside the journal. Exit 0 when all holds, 11 at the first problem, named.");
            var journal = new Option<string>("--journal") { Description = "The audit journal.", Required = true };
            var publicKey = new Option<string?>("--public-key") { Description = "The journal's public key (PEM), as its keeper exported it: the auditor's own copy. Without it, the key file beside the journal is used." };
            var expectHead = new Option<string?>("--expect-head") { Description = "A head kept from a later run or an earlier report ('Journal head: …'): the journal must reach it, which shows runs removed together with their digests, or an older copy restored." };
            command.Add(journal);
            command.Add(publicKey);
            command.Add(expectHead);
            command.SetAction((parse, token) =>
            {
                var kept = JournalCheck.KeptHead(parse.GetValue(expectHead));
                var path = JournalFile.Existing(environment.Resolve(parse.GetValue(journal)!));

                var keyPath = parse.GetValue(publicKey);
                using var key = keyPath == null ? null : JournalPublicKey.Load(environment.Resolve(keyPath));
                var file = JournalFile.Read(path, environment.GetVariable, key == null ? JournalReader.KeyHolder : JournalReader.Auditor, key, keyPath == null ? null : "--public-key " + keyPath, kept);
                file.Keys?.Dispose();
                var integrity = file.Integrity;
                if (integrity.Shortfall(path) is string shortfall)
                {
                    throw new CliException(ExitCodes.JournalTampered, shortfall);
                }

                environment.Console.MarkupLine(Markup.Escape("Journal " + integrity.Describe() + "."));
                environment.JournalHead.Head = integrity.ShortHead;
                return Task.FromResult(ExitCodes.Ok);
            });
            return command;
        }
    }
}
