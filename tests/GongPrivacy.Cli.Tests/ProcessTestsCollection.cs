using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Tests that run the tool as child processes on the real clock and count Gong's 429 answers (the kill test, the chaos
    /// test, the sandbox's processes): they run alone, after the others, so that the rest of the suite's load on a small
    /// machine does not bunch their calls on arrival.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessTestsCollection
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Tool processes on the real clock";
    }
}
