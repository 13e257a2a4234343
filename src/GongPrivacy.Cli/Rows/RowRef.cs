using GongPrivacy.Cli.Gong;

namespace GongPrivacy.Cli.Rows
{
    /// <summary>A row as a run works on it: its CSV line (none for a single command), the subject, and its keyed hash in the journal.</summary>
    internal sealed record RowRef(int? Line, Subject Subject, string Key)
    {
        /// <summary>How the row is named on the console: "line 3: erase email j***@e***.com".</summary>
        public string Label(string action) => (Line == null ? string.Empty : "line " + Line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": ") + action + " " + Subject.KindName + " " + Subject.Masked;
    }
}
