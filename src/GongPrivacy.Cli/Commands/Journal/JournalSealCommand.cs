using System.CommandLine;
using System.Threading.Tasks;
using GongPrivacy.Cli.Journal;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Journal
{
    /// <summary><c>journal seal --journal J</c>: a journal of 0.2.0 (HMAC-chained, not signed) gets a signing key and its first digest.</summary>
    internal static class JournalSealCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("seal", "Once, for a journal written by gong-privacy 0.2.0 (chained with its key file, not signed): check its chain, add a signing key to its key file, and sign what it holds as its first digest. Later runs sign as they go.");
            var journal = new Option<string>("--journal") { Description = "The audit journal of 0.2.0.", Required = true };
            command.Add(journal);
            command.SetAction((parse, token) =>
            {
                var path = environment.Resolve(parse.GetValue(journal)!);
                var before = JournalFile.Read(path, environment.GetVariable, JournalReader.KeyHolder);
                before.Keys?.Dispose();
                var integrity = AuditJournal.Seal(path, environment.GetVariable, environment.Time);
                environment.Console.MarkupLine(Markup.Escape(before.Integrity.Signed ? "The journal is signed already; nothing was changed." : "Sealed: digest 1 signs entries 1-" + integrity.CoveredTo + " as they are, with key " + integrity.KeyId + "."));
                environment.JournalHead.Head = integrity.ShortHead;
                return Task.FromResult(ExitCodes.Ok);
            });
            return command;
        }
    }
}
