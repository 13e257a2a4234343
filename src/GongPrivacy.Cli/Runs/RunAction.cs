namespace GongPrivacy.Cli.Runs
{
    /// <summary>What a run does to each subject: the commands <c>erase</c>, <c>lookup</c> and <c>verify</c>, single or as a batch.</summary>
    internal enum RunAction
    {
        /// <summary>Look each subject up.</summary>
        Lookup,

        /// <summary>Ask Gong to erase each subject.</summary>
        Erase,

        /// <summary>Look up again each subject an erase run erased.</summary>
        Verify,

        /// <summary>Look each subject up for a plan: what an erase would reach, for a person to approve.</summary>
        Plan,
    }

    /// <summary>The names the journal and the command line use for a <see cref="RunAction"/>.</summary>
    internal static class RunActions
    {
        public static string Name(this RunAction action) => action switch
        {
            RunAction.Erase => "erase",
            RunAction.Verify => "verify",
            RunAction.Plan => "plan",
            _ => "lookup",
        };

        public static RunAction? Parse(string? name) => name switch
        {
            "erase" => RunAction.Erase,
            "verify" => RunAction.Verify,
            "lookup" => RunAction.Lookup,
            "plan" => RunAction.Plan,
            _ => null,
        };
    }
}
