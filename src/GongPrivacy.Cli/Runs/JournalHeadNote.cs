namespace GongPrivacy.Cli.Runs
{
    /// <summary>
    /// The head of the journal the last run signed, and whether it was said yet: a command says it beside its journal's
    /// path; otherwise the tool says it as its last line, or on its one error line.
    /// </summary>
    internal sealed class JournalHeadNote
    {
        private string? _head;

        /// <summary>The head as a person keeps it, or null before any run signed.</summary>
        public string? Head
        {
            get => _head;
            set
            {
                _head = value;
                Said = false;
            }
        }

        /// <summary>Whether the current head was printed.</summary>
        public bool Said { get; private set; }

        /// <summary>The line that says it, now marked as said.</summary>
        public string Say()
        {
            Said = true;
            return "Journal head: " + _head;
        }

        /// <summary>The head not yet said, or null.</summary>
        public string? Unsaid => _head != null && !Said ? _head : null;
    }
}
