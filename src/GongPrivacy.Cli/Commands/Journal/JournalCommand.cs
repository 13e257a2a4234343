using System.CommandLine;

namespace GongPrivacy.Cli.Commands.Journal
{
    /// <summary><c>journal verify</c>, <c>journal export-public-key</c> and <c>journal seal</c>: the journal's signatures.</summary>
    internal static class JournalCommand
    {
        public static Command Create(CommonOptions common)
        {
            var journal = new Command("journal", "Check an audit journal with its public key alone, export that key for an auditor, or sign a journal of 0.2.0 once.");
            journal.Add(JournalVerifyCommand.Create(common));
            journal.Add(JournalExportPublicKeyCommand.Create(common));
            journal.Add(JournalSealCommand.Create(common));
            return journal;
        }
    }
}
