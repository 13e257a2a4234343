using Xunit;

// Most of this suite's time is spent waiting: on child processes, on Gong's rate of 3 calls a second on the real clock, on a
// browser printing. Four test collections at once (xUnit's default is one per core: two here) keep the cores busy; six
// made no run shorter, only each test slower.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// For tests that must not run beside each other. The tests that run the tool as child processes on the real clock (the
    /// kill test, the chaos test, the sandbox's processes) used to run here, alone and after the rest, so that the suite's
    /// load would not bunch their calls on arrival; they now assert what holds however loaded the machine is (every
    /// subject erased once or reported in doubt, 429 answers allowed and waited out), and run beside the rest.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class ProcessTestsCollection
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Tool processes on the real clock";
    }
}
