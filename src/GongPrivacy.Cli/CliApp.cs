using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>The gong-privacy command line: lookup, erase, verify, batch, sandbox serve and demo.</summary>
    public static class CliApp
    {
        private static readonly string[] SecretOptions = { "--access-key-secret", "--secret", "--bearer-token", "--token", "--password", "--access-key", "--key" };

        /// <summary>Runs the tool and returns its exit code; see <see cref="ExitCodes"/>.</summary>
        /// <param name="args">The command line.</param>
        /// <param name="environment">The console, environment variables and clock.</param>
        /// <param name="cancellationToken">Stops the run.</param>
        /// <returns>The exit code.</returns>
        public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
        {
            var console = environment.Console;
            foreach (var arg in args)
            {
                var name = arg.Split('=')[0];
                if (SecretOptions.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    return Fail(console, ExitCodes.Usage, "Secrets are not taken on the command line, where other users can read them in the process list: set GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN.");
                }
            }

            var root = Build(environment);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    console.MarkupLine("[red]error:[/] " + Markup.Escape(error.Message));
                }

                console.MarkupLine("Run 'gong-privacy --help' for the commands and options.");
                return ExitCodes.Usage;
            }

            try
            {
                var output = new ConsoleWriter(console);
                return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = output }, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                return Fail(console, ex.ExitCode, ex.Message);
            }
            catch (GongApiException ex)
            {
                return Fail(console, ex.StatusCode == 401 || ex.StatusCode == 403 ? ExitCodes.Credentials : ExitCodes.GongError, ex.Message);
            }
            catch (OperationCanceledException)
            {
                return Fail(console, ExitCodes.Unexpected, "Cancelled.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Fail(console, ExitCodes.Unexpected, ex.GetType().Name + ": " + GongRedaction.Redact(ex.Message));
            }
        }

        private static int Fail(IAnsiConsole console, int code, string message)
        {
            console.MarkupLine("[red]error:[/] " + Markup.Escape(message));
            return code;
        }

        private static RootCommand Build(CliEnvironment environment)
        {
            var baseUrl = new Option<string?>("--base-url") { Description = "Gong's base URL or your tenant's host (default: GONG_BASE_URL, else https://api.gong.io).", Recursive = true };
            var sandbox = new Option<bool>("--sandbox") { Description = "Use the embedded fake Gong tenant on loopback; no credentials needed.", Recursive = true };
            var root = new RootCommand("gong-privacy: answer access and erasure requests with Gong's Data Privacy API. Credentials come from GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN.");
            root.Add(baseUrl);
            root.Add(sandbox);

            var lookup = new Command("lookup", "Show what Gong holds for an email address or phone number; write the full result for an access request.");
            var lookupKind = KindArgument();
            var lookupValue = ValueArgument();
            var output = new Option<string?>("--output", "-o") { Description = "Write the full result to this file (json or csv, see --format)." };
            var format = new Option<string>("--format") { Description = "Format of the full result: json or csv.", DefaultValueFactory = _ => "json" };
            format.AcceptOnlyFromAmong("json", "csv");
            lookup.Add(lookupKind);
            lookup.Add(lookupValue);
            lookup.Add(output);
            lookup.Add(format);
            lookup.SetAction(async (parse, token) =>
            {
                var subject = Subject.Create(ParseKind(parse.GetValue(lookupKind)), parse.GetValue(lookupValue));
                await using var connection = await GongConnection.OpenAsync(environment, parse.GetValue(baseUrl), parse.GetValue(sandbox)).ConfigureAwait(false);
                var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
                Report.RenderSummary(environment.Console, subject, data, connection.Target);
                var path = parse.GetValue(output);
                var chosen = parse.GetValue(format)!;
                if (path != null)
                {
                    var full = environment.Resolve(path);
                    Report.Write(full, Report.Render(data, chosen));
                    environment.Console.MarkupLine($"Full result ({chosen}) written to {Markup.Escape(full)}");
                }
                else if (parse.GetResult(format) != null && !parse.GetResult(format)!.Implicit)
                {
                    environment.Console.Profile.Out.Writer.Write(Report.Render(data, chosen));
                }

                return ExitCodes.Ok;
            });
            root.Add(lookup);

            var erase = new Command("erase", "Look a subject up, show what will be erased, ask, then ask Gong to erase it; every erase goes to the audit journal.");
            var eraseKind = KindArgument();
            var eraseValue = ValueArgument();
            var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
            var dryRun = new Option<bool>("--dry-run") { Description = "Look up and show what would be erased; send no erase." };
            var journal = new Option<string>("--journal") { Description = "The audit journal (JSON Lines) to append to.", DefaultValueFactory = _ => "gong-privacy-audit.jsonl" };
            erase.Add(eraseKind);
            erase.Add(eraseValue);
            erase.Add(yes);
            erase.Add(dryRun);
            erase.Add(journal);
            erase.SetAction(async (parse, token) =>
            {
                var subject = Subject.Create(ParseKind(parse.GetValue(eraseKind)), parse.GetValue(eraseValue));
                using var audit = AuditJournal.Open(environment.Resolve(parse.GetValue(journal)!), environment.GetVariable);
                await using var connection = await GongConnection.OpenAsync(environment, parse.GetValue(baseUrl), parse.GetValue(sandbox)).ConfigureAwait(false);
                return await EraseAsync(environment, connection, audit, subject, parse.GetValue(yes), parse.GetValue(dryRun), token).ConfigureAwait(false);
            });
            root.Add(erase);

            var verify = new Command("verify", "Look a subject up again after an erasure. Exit code 0: nothing remains; 3: references remain.");
            var verifyKind = KindArgument();
            var verifyValue = ValueArgument();
            verify.Add(verifyKind);
            verify.Add(verifyValue);
            verify.SetAction(async (parse, token) =>
            {
                var subject = Subject.Create(ParseKind(parse.GetValue(verifyKind)), parse.GetValue(verifyValue));
                await using var connection = await GongConnection.OpenAsync(environment, parse.GetValue(baseUrl), parse.GetValue(sandbox)).ConfigureAwait(false);
                return await VerifyAsync(environment, connection, subject, token).ConfigureAwait(false);
            });
            root.Add(verify);

            var batch = new Command("batch", "Run a CSV of subjects (rows 'email,<value>' or 'phone,<value>') through lookup or erase, resumably, with an audit journal.");
            var csv = new Argument<string>("subjects.csv") { Description = "The CSV file." };
            var action = new Option<string>("--action") { Description = "lookup or erase.", Required = true };
            action.AcceptOnlyFromAmong("lookup", "erase");
            var batchJournal = new Option<string>("--journal") { Description = "The audit journal (JSON Lines); its folder must exist.", Required = true };
            var resume = new Option<bool>("--resume") { Description = "Continue the batch this journal holds: done rows are skipped, no accepted erase is sent again." };
            var batchYes = new Option<bool>("--yes", "-y") { Description = "Do not ask before an erase batch." };
            var resend = new Option<bool>("--resend-in-doubt") { Description = "Send again the erasures an earlier run may or may not have sent (Gong's erase is idempotent)." };
            var quota = new Option<int>("--daily-quota") { Description = "Calls allowed per UTC day, counted in the journal across runs; the batch stops cleanly there.", DefaultValueFactory = _ => 10000 };
            batch.Add(csv);
            batch.Add(action);
            batch.Add(batchJournal);
            batch.Add(resume);
            batch.Add(batchYes);
            batch.Add(resend);
            batch.Add(quota);
            batch.SetAction((parse, token) => BatchRunner.RunAsync(
                environment,
                new BatchRequest(parse.GetValue(csv)!, parse.GetValue(action)!, parse.GetValue(batchJournal)!, parse.GetValue(resume), parse.GetValue(batchYes), parse.GetValue(resend), parse.GetValue(quota), parse.GetValue(baseUrl), parse.GetValue(sandbox)),
                token));
            root.Add(batch);

            var sandboxCommand = new Command("sandbox", "The embedded fake Gong tenant.");
            var serve = new Command("serve", "Keep the sandbox running on loopback so that your own code can call it; Ctrl+C stops it.");
            var port = new Option<int>("--port") { Description = "The loopback port.", DefaultValueFactory = _ => 5280 };
            serve.Add(port);
            serve.SetAction(async (parse, token) =>
            {
                await using var server = await SandboxServer.StartAsync(new SandboxOptions { Port = parse.GetValue(port), StateFile = environment.SandboxStateFile, ErasureDelay = environment.SandboxErasureDelay }, token).ConfigureAwait(false);
                environment.Console.MarkupLine($"Sandbox Gong at [bold]{Markup.Escape(server.BaseUrl.ToString())}[/] (any non-empty credentials; 3 calls per second; erasure takes {environment.SandboxErasureDelay.TotalSeconds:0} s).");
                environment.Console.MarkupLine("Sample subjects: " + Markup.Escape(string.Join(", ", SandboxServer.SampleSubjects)) + "; any other address or number gets generated data.");
                environment.Console.MarkupLine("Press Ctrl+C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                return ExitCodes.Ok;
            });
            sandboxCommand.Add(serve);
            root.Add(sandboxCommand);

            var demo = new Command("demo", "A complete request against the embedded sandbox: lookup, access report, erase, verify until nothing remains.");
            var demoFolder = new Option<string>("--output-dir") { Description = "Where the report and the journal go.", DefaultValueFactory = _ => "gong-privacy-demo" };
            demo.Add(demoFolder);
            demo.SetAction((parse, token) => DemoAsync(environment, parse.GetValue(demoFolder)!, token));
            root.Add(demo);
            return root;
        }

        private static Argument<string> KindArgument() => new Argument<string>("kind") { Description = "email or phone." };

        private static Argument<string> ValueArgument() => new Argument<string>("value") { Description = "The email address, or the phone number with '+' and the country code." };

        private static SubjectKind ParseKind(string? text) =>
            Subject.TryParseKind(text, out var kind) ? kind : throw new CliException(ExitCodes.Usage, "The first argument must be 'email' or 'phone'.");

        private static async Task<DataForSubjectResponse> LookUpAsync(GongConnection connection, Subject subject, CancellationToken token) =>
            subject.Kind == SubjectKind.Email
                ? await connection.Client.GetDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                : await connection.Client.GetDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);

        private static async Task<int> EraseAsync(CliEnvironment environment, GongConnection connection, AuditJournal audit, Subject subject, bool yes, bool dryRun, CancellationToken token)
        {
            var console = environment.Console;
            var key = audit.KeyOf(subject);
            var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
            console.MarkupLine("[bold]This is what an erasure removes:[/]");
            Report.RenderSummary(console, subject, data, connection.Target);
            if (dryRun)
            {
                audit.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "dry-run", Action = "erase", Kind = subject.KindName, Subject = subject.Masked, Key = key, Counts = Report.CountMap(data), RequestId = data.RequestId });
                console.MarkupLine("Dry run: no erase was sent.");
                return ExitCodes.Ok;
            }

            if (!yes && !environment.Ask($"Erase everything Gong holds for {subject.KindName} {subject.Masked}? This cannot be undone."))
            {
                audit.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "declined", Action = "erase", Kind = subject.KindName, Subject = subject.Masked, Key = key });
                console.MarkupLine("Not confirmed; nothing was erased. Add --yes to erase without the question.");
                return ExitCodes.NotConfirmed;
            }

            audit.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "start", Action = "erase", Kind = subject.KindName, Subject = subject.Masked, Key = key });
            EraseDataResponse erased;
            try
            {
                erased = subject.Kind == SubjectKind.Email
                    ? await connection.Client.EraseDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                    : await connection.Client.EraseDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);
            }
            catch (GongApiException ex)
            {
                audit.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = ex.StatusCode == 0 ? "in-doubt" : "failed", Action = "erase", Kind = subject.KindName, Subject = subject.Masked, Key = key, Status = ex.StatusCode, RequestId = ex.RequestId, Detail = ex.Message });
                throw;
            }

            audit.Append(new JournalEntry { Timestamp = environment.Time.GetUtcNow(), Event = "done", Action = "erase", Kind = subject.KindName, Subject = subject.Masked, Key = key, Outcome = "accepted", RequestId = erased.RequestId });
            console.MarkupLine($"Gong accepted the erasure: request id [bold]{Markup.Escape(erased.RequestId ?? "none")}[/].");
            console.MarkupLine($"Erasure runs asynchronously and may take several hours. Check later with: gong-privacy verify {subject.KindName} <value>");
            console.MarkupLine($"Journal: {Markup.Escape(audit.Path)}");
            return ExitCodes.Ok;
        }

        private static async Task<int> VerifyAsync(CliEnvironment environment, GongConnection connection, Subject subject, CancellationToken token)
        {
            var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
            Report.RenderSummary(environment.Console, subject, data, connection.Target);
            if (data.IsEmpty)
            {
                environment.Console.MarkupLine("[green]Verified: no references remain.[/]");
                return ExitCodes.Ok;
            }

            environment.Console.MarkupLine("[yellow]References remain.[/] An erasure may still be running; Gong says it can take several hours.");
            return ExitCodes.ReferencesRemain;
        }

        private static async Task<int> DemoAsync(CliEnvironment environment, string folder, CancellationToken token)
        {
            var console = environment.Console;
            var output = environment.Resolve(folder);
            Directory.CreateDirectory(output);
            var state = Path.Combine(output, "sandbox-state.json");
            File.Delete(state);
            var demoEnvironment = new CliEnvironment
            {
                Console = console,
                GetVariable = environment.GetVariable,
                Time = environment.Time,
                WorkingDirectory = output,
                Confirm = _ => true,
                SandboxStateFile = state,
                SandboxErasureDelay = environment.SandboxErasureDelay,
            };
            var subject = Subject.Create(SubjectKind.Email, SandboxServer.SampleSubjects[0]);
            await using var connection = await GongConnection.OpenAsync(demoEnvironment, null, sandbox: true).ConfigureAwait(false);

            console.Write(new Rule("1. Look the subject up"));
            var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
            Report.RenderSummary(console, subject, data, connection.Target);

            console.Write(new Rule("2. Write the access-request report"));
            var report = Path.Combine(output, "report.json");
            Report.Write(report, Report.Render(data, "json"));
            console.MarkupLine($"Full result written to {Markup.Escape(report)}");

            console.Write(new Rule("3. Erase (the journal records it)"));
            using (var audit = AuditJournal.Open(Path.Combine(output, "audit.jsonl"), environment.GetVariable))
            {
                var erased = await EraseAsync(demoEnvironment, connection, audit, subject, yes: true, dryRun: false, token).ConfigureAwait(false);
                if (erased != ExitCodes.Ok)
                {
                    return erased;
                }
            }

            console.Write(new Rule("4. Verify at once: Gong erases asynchronously"));
            var first = await VerifyAsync(demoEnvironment, connection, subject, token).ConfigureAwait(false);
            console.MarkupLine($"verify exit code: {first}");

            console.Write(new Rule($"5. Wait {environment.SandboxErasureDelay.TotalSeconds:0} s (hours at a real tenant) and verify again"));
            await Task.Delay(environment.SandboxErasureDelay + TimeSpan.FromMilliseconds(300), token).ConfigureAwait(false);
            var second = await VerifyAsync(demoEnvironment, connection, subject, token).ConfigureAwait(false);
            console.MarkupLine(second == ExitCodes.Ok ? "[green]Demo complete: looked up, reported, erased and verified.[/]" : "[red]Demo failed: references remain after the erasure delay.[/]");
            return second;
        }

        /// <summary>Sends System.CommandLine's help and messages to the run's console.</summary>
        private sealed class ConsoleWriter : TextWriter
        {
            private readonly IAnsiConsole _console;

            public ConsoleWriter(IAnsiConsole console) => _console = console;

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value) => _console.Write(new Text(value.ToString()));

            public override void Write(string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    _console.Write(new Text(value));
                }
            }

            public override void WriteLine(string? value)
            {
                Write(value);
                _console.WriteLine();
            }
        }
    }
}
