using System.CommandLine;
using System.Globalization;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// <c>batch erase|lookup|verify &lt;subjects.csv&gt;</c>: the subcommands of the one batch engine. The old form
    /// <c>batch &lt;subjects.csv&gt; --action erase|lookup|verify</c> still works in this version, with a warning on stderr.
    /// </summary>
    internal static class BatchCommand
    {
        public static Command Build(CliEnvironment environment, Option<string?> baseUrl, Option<bool> sandbox)
        {
            var batch = new Command("batch", "Run a CSV of subjects (rows 'email,<value>' or 'phone,<value>', ',' or ';' between fields) through erase, lookup or verify, resumably, several calls in flight at Gong's rate, with an audit journal.");
            batch.Add(Subcommand(environment, baseUrl, sandbox, BatchAction.Erase, "Ask Gong to erase every subject of the CSV; asks first (--yes skips the question)."));
            batch.Add(Subcommand(environment, baseUrl, sandbox, BatchAction.Lookup, "Look every subject of the CSV up."));
            batch.Add(Subcommand(environment, baseUrl, sandbox, BatchAction.Verify, "Look up again every subject the erase batch in --journal erased at least --after ago, and record each outcome in the same journal."));

            // The form of earlier versions, kept for one version: batch <subjects.csv> --action lookup|erase|verify.
            var csv = new Argument<string?>("subjects.csv") { Description = "Deprecated form: the CSV file, with --action.", Arity = ArgumentArity.ZeroOrOne, Hidden = true };
            var action = new Option<string?>("--action") { Description = "Deprecated: use 'batch erase|lookup|verify <subjects.csv>'.", Hidden = true };
            action.AcceptOnlyFromAmong("lookup", "erase", "verify");
            batch.Add(csv);
            batch.Add(action);
            var options = new BatchOptions(batch);
            batch.SetAction((parse, token) =>
            {
                var chosen = BatchActions.Parse(parse.GetValue(action));
                if (chosen == null || parse.GetValue(csv) == null)
                {
                    throw new CliException(ExitCodes.Usage, "batch needs a subcommand and a CSV: 'gong-privacy batch erase|lookup|verify <subjects.csv> --journal <file>'.");
                }

                environment.Console.Profile.Out.Writer.WriteLine("warning: 'batch <subjects.csv> --action " + chosen.Value.Name() + "' is deprecated and goes in the next version; use 'gong-privacy batch " + chosen.Value.Name() + " <subjects.csv>'.");
                return BatchEngine.RunAsync(environment, options.Request(parse, chosen.Value, parse.GetValue(csv)!, baseUrl, sandbox));
            });
            return batch;
        }

        private static Command Subcommand(CliEnvironment environment, Option<string?> baseUrl, Option<bool> sandbox, BatchAction kind, string description)
        {
            var command = new Command(kind.Name(), description);
            var csv = new Argument<string>("subjects.csv") { Description = kind == BatchAction.Verify ? "The CSV the erase batch ran with." : "The CSV file." };
            command.Add(csv);
            var options = new BatchOptions(command, kind);
            command.SetAction((parse, token) => BatchEngine.RunAsync(environment, options.Request(parse, kind, parse.GetValue(csv)!, baseUrl, sandbox)));
            return command;
        }

        /// <summary>The options every batch subcommand takes (and the deprecated form).</summary>
        private sealed class BatchOptions
        {
            private readonly Option<string> _journal = new Option<string>("--journal") { Description = "The audit journal (JSON Lines); its folder must exist.", Required = true };
            private readonly Option<bool> _resume = new Option<bool>("--resume") { Description = "Continue the batch this journal holds: done rows are skipped, no accepted erase is sent again." };
            private readonly Option<bool> _yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before an erase batch." };
            private readonly Option<bool> _resend = new Option<bool>("--resend-in-doubt") { Description = "Send again the erasures an earlier run may or may not have sent (Gong's erase is idempotent)." };
            private readonly Option<int> _quota = new Option<int>("--daily-quota") { Description = "Calls allowed per UTC day, counted in the journal across runs; the batch stops cleanly there.", DefaultValueFactory = _ => 10000 };
            private readonly Option<int> _inFlight = new Option<int>("--max-in-flight") { Description = "Calls in flight at once (1-" + BatchRequest.MostInFlight + "); the client still keeps Gong's 3 calls a second. Default " + BatchRequest.DefaultMaxInFlight + ": Gong's full rate up to 2.5 s of latency.", DefaultValueFactory = _ => BatchRequest.DefaultMaxInFlight };
            private readonly Option<string?> _delimiter = new Option<string?>("--delimiter") { Description = "The CSV's separator, ',' or ';' (default: detected from the file)." };
            private readonly Option<string?> _after = new Option<string?>("--after") { Description = "verify: look up subjects erased at least this long ago, such as 24h or 90s (default 24h against Gong, the sandbox's erasure delay with --sandbox)." };

            public BatchOptions(Command command, BatchAction? kind = null)
            {
                command.Add(_journal);
                command.Add(_resume);
                command.Add(_quota);
                command.Add(_inFlight);
                command.Add(_delimiter);
                if (kind != BatchAction.Lookup && kind != BatchAction.Verify)
                {
                    command.Add(_yes);
                    command.Add(_resend);
                }

                if (kind == null || kind == BatchAction.Verify)
                {
                    command.Add(_after);
                }
            }

            public BatchRequest Request(ParseResult parse, BatchAction action, string csv, Option<string?> baseUrl, Option<bool> sandbox)
            {
                var after = parse.GetResult(_after) == null ? null : parse.GetValue(_after);
                if (after != null && action != BatchAction.Verify)
                {
                    throw new CliException(ExitCodes.Usage, "--after goes with 'batch verify' only.");
                }

                var inFlight = parse.GetValue(_inFlight);
                if (inFlight < 1 || inFlight > BatchRequest.MostInFlight)
                {
                    throw new CliException(ExitCodes.Usage, "--max-in-flight must be between 1 and " + BatchRequest.MostInFlight.ToString(CultureInfo.InvariantCulture) + "; " + inFlight.ToString(CultureInfo.InvariantCulture) + " is not.");
                }

                var yes = parse.GetResult(_yes) != null && parse.GetValue(_yes);
                var resend = parse.GetResult(_resend) != null && parse.GetValue(_resend);
                return new BatchRequest(action, csv, parse.GetValue(_journal)!, parse.GetValue(_resume), yes, resend, parse.GetValue(_quota), inFlight, after, BatchFile.ParseDelimiter(parse.GetValue(_delimiter)), parse.GetValue(baseUrl), parse.GetValue(sandbox));
            }
        }
    }
}
