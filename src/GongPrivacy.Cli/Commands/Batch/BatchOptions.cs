using System;
using System.CommandLine;
using System.Globalization;
using GongPrivacy.Cli.Batch;
using GongPrivacy.Cli.Journal;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli.Commands.Batch
{
    /// <summary>The options every batch subcommand takes (and the deprecated form), and the request they make.</summary>
    internal sealed class BatchOptions
    {
        private readonly CommonOptions _common;
        private readonly Option<string?> _journal = new Option<string?>("--journal") { Description = "The audit journal (JSON Lines); its folder must exist (default: " + CommonOptions.JournalVariable + "; one of the two is required)." };
        private readonly Option<bool> _resume = new Option<bool>("--resume") { Description = "Continue the batch this journal holds: done rows are skipped, no accepted erase is sent again." };
        private readonly Option<bool> _yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before an erase batch." };
        private readonly Option<bool> _resend = new Option<bool>("--resend-in-doubt") { Description = "Send again the erasures an earlier run may or may not have sent (Gong's erase is idempotent)." };
        private readonly Option<int> _quota = new Option<int>("--daily-quota") { Description = "Attempts allowed per UTC day, retries included, counted from the journal across runs; the batch stops cleanly there (default " + GongLimits.DailyQuota.ToString(CultureInfo.InvariantCulture) + ", Gong's).", DefaultValueFactory = _ => GongLimits.DailyQuota };
        private readonly Option<int> _inFlight = new Option<int>("--max-in-flight") { Description = "Calls in flight at once (1-" + BatchRequest.MostInFlight + "); the client still keeps Gong's " + GongLimits.CallsPerWindow.ToString(CultureInfo.InvariantCulture) + " calls a second. Default " + BatchRequest.DefaultMaxInFlight + ": Gong's full rate up to 2.5 s of latency.", DefaultValueFactory = _ => BatchRequest.DefaultMaxInFlight };
        private readonly Option<string?> _delimiter = new Option<string?>("--delimiter") { Description = "The CSV's separator, ',' or ';' (default: detected from the file)." };
        private readonly Option<string?> _expectHead = new Option<string?>("--expect-head") { Description = "The journal head you kept from its last run ('Journal head: …'): the journal must reach it, or nothing is sent (a journal cut back to an older copy would send again what Gong already accepted)." };
        private readonly Option<string?> _after = new Option<string?>("--after") { Description = "verify: look up subjects erased at least this long ago, such as 24h or 90s (default 24h against Gong, the sandbox's erasure delay with --sandbox)." };

        public BatchOptions(CommonOptions common, Command command, RunAction? action = null)
        {
            _common = common;
            command.Add(_journal);
            command.Add(_resume);
            command.Add(_quota);
            command.Add(_inFlight);
            command.Add(_delimiter);
            command.Add(_expectHead);
            if (action is null or RunAction.Erase)
            {
                command.Add(_yes);
                command.Add(_resend);
            }

            if (action == null || action == RunAction.Verify)
            {
                command.Add(_after);
            }
        }

        /// <summary>What the command line asks for, checked; a usage error is one line, before anything is read or sent.</summary>
        public BatchRequest Request(ParseResult parse, RunAction action, string? csv)
        {
            var after = parse.GetResult(_after) == null ? null : parse.GetValue(_after);
            if (after != null && action != RunAction.Verify)
            {
                throw new CliException(ExitCodes.Usage, "--after goes with 'batch verify' only.");
            }

            var inFlight = parse.GetValue(_inFlight);
            if (inFlight < 1 || inFlight > BatchRequest.MostInFlight)
            {
                throw new CliException(ExitCodes.Usage, "--max-in-flight must be between 1 and " + BatchRequest.MostInFlight.ToString(CultureInfo.InvariantCulture) + "; " + inFlight.ToString(CultureInfo.InvariantCulture) + " is not.");
            }

            var journal = parse.GetValue(_journal) ?? _common.Environment.GetVariable(CommonOptions.JournalVariable);
            if (string.IsNullOrWhiteSpace(journal))
            {
                throw new CliException(ExitCodes.Usage, "A batch needs its journal: give --journal <file> (or set " + CommonOptions.JournalVariable + ").");
            }

            var expectHead = JournalCheck.KeptHead(parse.GetValue(_expectHead));
            var yes = parse.GetResult(_yes) != null && parse.GetValue(_yes);
            var resend = parse.GetResult(_resend) != null && parse.GetValue(_resend);
            return new BatchRequest(action, csv, journal!, parse.GetValue(_resume), yes, resend, parse.GetValue(_quota), inFlight, after, BatchFile.ParseDelimiter(parse.GetValue(_delimiter)), parse.GetValue(_common.BaseUrl), parse.GetValue(_common.Sandbox)) { ExpectHead = expectHead };
        }

        /// <summary>
        /// A batch subcommand: its CSV argument (optional when <paramref name="csvOptional"/>: a plan or the journal names
        /// it), the batch options, the subcommand's own options (<paramref name="extend"/> adds them and completes the
        /// request from them), and the engine with the action's job.
        /// </summary>
        public static Command Subcommand(CommonOptions common, RunAction action, string description, string csvDescription, Func<Command, Func<ParseResult, BatchRequest, BatchRequest>>? extend = null, bool csvOptional = false)
        {
            var command = new Command(action.Name(), description);
            var csv = new Argument<string?>("subjects.csv") { Description = csvDescription, Arity = csvOptional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne };
            command.Add(csv);
            var options = new BatchOptions(common, command, action);
            var complete = extend?.Invoke(command);
            command.SetAction((parse, token) =>
            {
                var request = options.Request(parse, action, parse.GetValue(csv));
                request = complete?.Invoke(parse, request) ?? request;
                return BatchEngine.RunAsync(common.Environment, request, Job(common.Environment, request));
            });
            return command;
        }

        /// <summary>The job for a request: one engine, four jobs.</summary>
        public static IBatchJob Job(CliEnvironment environment, BatchRequest request) => request.Action switch
        {
            RunAction.Verify => new VerifyJob(environment, request),
            RunAction.Plan => new PlanJob(environment, request),
            _ => new CallJob(environment, request),
        };
    }
}
