using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// A journal as a run the OS killed leaves it: written by the tool's own journal, but with no digest after its entries
    /// (a killed run never reaches its end) and, if asked, a last line cut short.
    /// </summary>
    internal static class UnfinishedJournal
    {
        /// <summary>Appends the entries a run that died wrote to the journal at <paramref name="name"/> (created if new).</summary>
        /// <param name="cli">The harness whose folder, variables and clock the journal uses.</param>
        /// <param name="name">The journal's file name in the harness's folder.</param>
        /// <param name="entries">The entries, given the journal's pseudonym function for the subjects' keys.</param>
        /// <param name="cutTail">The beginning of a line the kill cut short, or null.</param>
        public static void Write(CliHarness cli, string name, System.Func<AuditJournal, IEnumerable<JournalEntry>> entries, string? cutTail = null)
        {
            var path = cli.Path(name);
            var digests = JournalDigests.PathOf(path);
            var before = File.Exists(digests) ? File.ReadAllLines(digests) : new string[0];
            using (var journal = AuditJournal.Open(path, variable => cli.Variables.TryGetValue(variable, out var value) ? value : null, cli.Time))
            {
                journal.AppendAll(entries(journal).ToList());
            }

            // The digests this writing signed (as its journal closed) are the ones a killed run never wrote.
            File.WriteAllLines(digests, before);
            if (cutTail != null)
            {
                File.AppendAllText(path, cutTail);
            }
        }
    }
}
