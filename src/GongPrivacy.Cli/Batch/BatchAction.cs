namespace GongPrivacy.Cli
{
    /// <summary>What a batch does to each subject: the subcommands of <c>batch</c>.</summary>
    internal enum BatchAction
    {
        /// <summary>Look each subject up.</summary>
        Lookup,

        /// <summary>Ask Gong to erase each subject.</summary>
        Erase,

        /// <summary>Look up again every subject an erase batch erased.</summary>
        Verify,
    }

    /// <summary>The names the journal and the command line use for a <see cref="BatchAction"/>.</summary>
    internal static class BatchActions
    {
        public static string Name(this BatchAction action) => action switch
        {
            BatchAction.Erase => "erase",
            BatchAction.Verify => "verify",
            _ => "lookup",
        };

        public static BatchAction? Parse(string? name) => name switch
        {
            "erase" => BatchAction.Erase,
            "verify" => BatchAction.Verify,
            "lookup" => BatchAction.Lookup,
            _ => null,
        };
    }
}
