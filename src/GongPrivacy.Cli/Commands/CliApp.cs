using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Sandbox;
using GongPrivacy.Testing;
using Spectre.Console;

namespace GongPrivacy.Cli
{
    /// <summary>The gong-privacy command line: lookup, erase, verify, batch, report, sandbox serve, oauth and demo.</summary>
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
            using var registration = cancellationToken.Register(() => environment.Interruption.Request(ExitCodes.SigInt, "SIGINT"));
            try
            {
                return await RunCoreAsync(args, environment).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                return Fail(environment, ex.ExitCode, ex.Message);
            }
            catch (GongCredentialException ex)
            {
                var failure = CredentialFailure(ex, string.Empty);
                return Fail(environment, failure.ExitCode, failure.Message);
            }
            catch (GongApiException ex)
            {
                return Fail(environment, ex.StatusCode == 401 || ex.StatusCode == 403 ? ExitCodes.Credentials : ExitCodes.GongError, Describe(ex));
            }
            catch (OperationCanceledException) when (environment.Interruption.Requested)
            {
                return Fail(environment, environment.Interruption.ExitCode, "Interrupted by " + environment.Interruption.Signal + " before anything more was sent. A batch continues with the same command and --resume.", "stopped: ");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Fail(environment, ExitCodes.Unexpected, ex.GetType().Name + ": " + ex.Message);
            }
            catch (Exception ex)
            {
                // Never a stack trace: one line with the kind of failure.
                return Fail(environment, ExitCodes.Unexpected, "unexpected failure (" + ex.GetType().Name + "): " + GongRedaction.Redact(ex.Message));
            }
        }

        private static async Task<int> RunCoreAsync(string[] args, CliEnvironment environment)
        {
            foreach (var arg in args)
            {
                var name = arg.Split('=')[0];
                if (SecretOptions.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    return Fail(environment, ExitCodes.Usage, "Secrets are not taken on the command line, where other users can read them in the process list: set GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN.");
                }
            }

            var root = Build(environment);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line: the first error, then the usage.
                var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                var message = GongRedaction.Redact(first.Message).Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal);
                return Fail(environment, ExitCodes.Usage, message.TrimEnd('.') + ". " + Usage);
            }

            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = environment.Out, Error = environment.Console.Profile.Out.Writer }, environment.Interruption.Token).ConfigureAwait(false);
        }

        /// <summary>No token could be had: the credential, not Gong's answer, is the problem; nothing was sent for the call.</summary>

        /// <summary>
        /// The one line and exit code for a credential that could not give a token (an empty, damaged or refused OAuth token
        /// file, a token endpoint out of reach), with what to do next; <paramref name="stopped"/> is added for a batch.
        /// </summary>
        internal static CliException CredentialFailure(GongApiException ex, string stopped)
        {
            const string Login = "'gong-privacy oauth login'";
            var code = ExitCodes.Credentials;
            string text;
            switch ((ex as GongCredentialException)?.Reason)
            {
                case GongCredentialFailure.NotAuthorized:
                    text = "The OAuth token file (" + OAuthEnvironment.TokenFileVariable + ") holds no tokens: the app is not authorized yet. Authorize it with " + Login + ".";
                    break;
                case GongCredentialFailure.ReauthorizationRequired:
                    text = "Gong refused the OAuth refresh token (invalid_grant): it was spent or revoked. Authorize the app again with " + Login + ".";
                    break;
                case GongCredentialFailure.RefreshOutcomeUnknown:
                    text = "A token refresh was sent but its answer was lost, so Gong may have spent the refresh token; it is not sent again. Authorize the app again with " + Login + " (unless another app that shares the token file stores new tokens).";
                    break;
                case GongCredentialFailure.TokenStoreFailed:
                    text = "Gong issued new OAuth tokens but the token file could not be written; they are lost when this run ends. Fix the file's folder or permissions, then authorize again with " + Login + ".";
                    break;
                case GongCredentialFailure.TokenEndpointUnavailable:
                    code = ExitCodes.GongError;
                    text = GongConnection.FirstSentence(ex.Message);
                    break;
                case GongCredentialFailure.TokenEndpointFailed:
                    text = GongConnection.FirstSentence(ex.Message);
                    break;
                default:
                    text = "No token could be had: the credential's token source failed (" + (ex.InnerException?.GetType().Name.Replace("Exception", string.Empty) ?? "unknown") + "); nothing was sent. Restore the OAuth token file (" + OAuthEnvironment.TokenFileVariable + ") or authorize the app again with " + Login + ".";
                    break;
            }

            return new CliException(code, text + stopped);
        }

        /// <summary>The one-line usage printed after a usage error.</summary>
        internal const string Usage = "Usage: gong-privacy lookup|erase|verify email|phone <value> | batch erase|lookup|verify <subjects.csv> --journal <file> | report --journal <file> --output evidence.html|csv|json | sandbox serve [--port N] [--fresh] | sandbox reset | oauth login|status | demo; 'gong-privacy --help' for more.";

        /// <summary>Writes one line to stderr, unwrapped and unstyled (hosts and paths are not masked: they are not personal data).</summary>
        private static int Fail(CliEnvironment environment, int code, string message, string prefix = "error: ")
        {
            var writer = environment.Console.Profile.Out.Writer;
            writer.WriteLine(prefix + message.Replace('\n', ' ').Replace('\r', ' '));
            writer.Flush();
            return code;
        }

        /// <summary>A Gong failure in one line; a connection failure names its cause.</summary>
        internal static string Describe(GongApiException ex)
        {
            if (ex.StatusCode != 0)
            {
                return ex.Message;
            }

            return "Gong could not be reached: " + ex.Failure + " (" + ex.Attempts + (ex.Attempts == 1 ? " attempt" : " attempts") + (ex.MayHaveReachedGong ? "" : "; nothing was sent") + ").";
        }

        private static RootCommand Build(CliEnvironment environment)
        {
            var baseUrl = new Option<string?>("--base-url") { Description = "Gong's base URL or your tenant's host (default: GONG_BASE_URL, else https://api.gong.io).", Recursive = true };
            var sandbox = new Option<bool>("--sandbox") { Description = "Use the embedded fake Gong tenant on loopback; no credentials needed.", Recursive = true };
            var root = new RootCommand("gong-privacy: answer access and erasure requests with Gong's Data Privacy API. Credentials come from GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET, or GONG_BEARER_TOKEN, or OAuth (GONG_OAUTH_CLIENT_ID, GONG_OAUTH_CLIENT_SECRET and GONG_OAUTH_TOKEN_FILE; see 'oauth login').");
            root.Add(baseUrl);
            root.Add(sandbox);

            var lookup = new Command("lookup", "Show what Gong holds for an email address or phone number; write the full result for an access request.");
            var lookupKind = KindArgument();
            var lookupValue = ValueArgument();
            var output = new Option<string?>("--output", "-o") { Description = "Write the full result to this file: subject.html (a page for the person, unmasked), .csv (every field) or .json; see --format." };
            var format = new Option<string>("--format") { Description = "Format of the full result: json, csv or html (default: from the --output file name, else json).", DefaultValueFactory = _ => "json" };
            format.AcceptOnlyFromAmong("json", "csv", "html");
            lookup.Add(lookupKind);
            lookup.Add(lookupValue);
            lookup.Add(output);
            lookup.Add(format);
            var force = new Option<bool>("--force") { Description = "Replace the --output file if it exists." };
            lookup.Add(force);
            var controllerName = new Option<string?>("--controller-name") { Description = "html: who answers the request (your company, the controller), named at the top of the subject's page (default: " + SubjectPageSettings.ControllerNameVariable + "). Required for html." };
            var controllerContact = new Option<string?>("--controller-contact") { Description = "html: the privacy contact the subject can write to, such as privacy@example.com (default: " + SubjectPageSettings.ControllerContactVariable + "). Required for html." };
            var timeZone = new Option<string?>("--time-zone") { Description = "html: the time zone of the page's times, such as Europe/Berlin (default: " + SubjectPageSettings.TimeZoneVariable + ", else UTC)." };
            var includeShareLinks = new Option<bool>("--include-share-links") { Description = "Keep the access tokens in share links (tkn=, token=, access_token=, sig=). Anyone who holds the report can then open what they link to, such as call recordings in which other people speak. Off by default: the links are shown with the token hidden." };
            lookup.Add(controllerName);
            lookup.Add(controllerContact);
            lookup.Add(timeZone);
            lookup.Add(includeShareLinks);
            lookup.SetAction(async (parse, token) =>
            {
                var subject = Subject.Create(ParseKind(parse.GetValue(lookupKind)), parse.GetValue(lookupValue));
                var path = parse.GetValue(output);
                var explicitFormat = parse.GetResult(format) != null && !parse.GetResult(format)!.Implicit;
                var chosen = explicitFormat || path == null ? parse.GetValue(format)! : Path.GetExtension(path).ToLowerInvariant() switch
                {
                    ".html" or ".htm" => "html",
                    ".csv" => "csv",
                    _ => "json",
                };
                var settings = chosen == "html" && (path != null || explicitFormat)
                    ? SubjectPageSettings.Read(environment, parse.GetValue(controllerName), parse.GetValue(controllerContact), parse.GetValue(timeZone), parse.GetValue(includeShareLinks))
                    : null;
                using var file = path == null ? null : ReportFile.Prepare(environment.Resolve(path), parse.GetValue(force));
                await using var connection = await GongConnection.OpenAsync(environment, parse.GetValue(baseUrl), parse.GetValue(sandbox)).ConfigureAwait(false);
                var data = await RowCall.LookUpAsync(connection.Client, subject, token).ConfigureAwait(false);
                var lookedUpAt = environment.Time.GetUtcNow();
                Report.RenderSummary(environment.Console, subject, data, connection.Target);
                if (file == null && !explicitFormat)
                {
                    return ExitCodes.Ok;
                }

                var tree = SubjectReport.Tree(data);
                var hidden = parse.GetValue(includeShareLinks) ? 0 : ShareLinks.Mask(tree);
                var content = settings != null ? SubjectReport.Html(subject, tree, connection.Target, lookedUpAt, settings) : Report.Render(tree, chosen);
                if (file != null)
                {
                    file.Commit(content);
                    environment.Console.MarkupLine($"Full result ({chosen}) written to {Markup.Escape(file.Path)}");
                }
                else
                {
                    environment.Out.Write(content);
                    environment.Out.Flush();
                }

                // The warning is for the operator: on stderr, never in the subject's page (which carries it in a comment and a <meta>).
                environment.Console.MarkupLine("[yellow]" + Markup.Escape("warning: " + (file != null ? "the report" : "this output") + " holds the personal data of " + subject.KindName + " " + subject.Masked + " unmasked; it is for that person only: keep it private and send it to them only.") + "[/]");
                if (parse.GetValue(includeShareLinks))
                {
                    environment.Console.MarkupLine("[yellow]warning: share links keep their access tokens (--include-share-links): whoever holds the report can open what they link to.[/]");
                }
                else if (hidden > 0)
                {
                    environment.Console.MarkupLine(hidden.ToString(System.Globalization.CultureInfo.InvariantCulture) + (hidden == 1 ? " link's access token is" : " links' access tokens are") + " hidden in the report; --include-share-links keeps them.");
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
                using var audit = AuditJournal.Open(environment.Resolve(parse.GetValue(journal)!), environment.GetVariable, environment.Time);
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

            root.Add(BatchCommand.Build(environment, baseUrl, sandbox));

            var evidence = new Command("report", "Turn a journal into evidence for an auditor: every row with its request, Gong's request id, outcome, verification and final state, and totals; HTML, CSV or JSON by the file name. Subjects stay masked.");
            var evidenceJournal = new Option<string>("--journal") { Description = "The audit journal of a batch (or of single erases).", Required = true };
            var evidenceOutput = new Option<string>("--output", "-o") { Description = "The report: evidence.html (self-contained, printable), evidence.csv or evidence.json; written owner-only.", Required = true };
            var evidenceForce = new Option<bool>("--force") { Description = "Replace the --output file if it exists." };
            evidence.Add(evidenceJournal);
            evidence.Add(evidenceOutput);
            evidence.Add(evidenceForce);
            evidence.SetAction((parse, token) =>
            {
                var target = environment.Resolve(parse.GetValue(evidenceOutput)!);
                var chosen = EvidenceReport.FormatOf(target);
                var journalPath = environment.Resolve(parse.GetValue(evidenceJournal)!);
                using var file = ReportFile.Prepare(target, parse.GetValue(evidenceForce));
                var (journalFile, evidenceRows, summary) = EvidenceReport.Load(journalPath, environment.GetVariable);
                var rows = evidenceRows.Rows;
                file.Commit(EvidenceReport.Render(chosen, Path.GetFileName(journalPath), evidenceRows, summary, journalFile.Chain, environment.Time.GetUtcNow()));
                var totals = EvidenceReport.Totals(rows).Where(t => t.Value > 0).Select(t => t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + t.Key);
                environment.Console.MarkupLine($"Evidence report ({chosen}, {Markup.Escape(BatchEngine.Plural(rows.Count, "row"))}: {Markup.Escape(string.Join(", ", totals))}) written to {Markup.Escape(file.Path)}");
                environment.Console.MarkupLine(journalFile.Chain.Chained == 0
                    ? "The journal was written before it was chained: its integrity cannot be checked."
                    : $"Journal chain verified ({journalFile.Chain.Chained} entries); head {journalFile.Chain.Head}. Keep it: a later copy of the journal must end with the same head.");
                if (evidenceRows.AnySandbox)
                {
                    environment.Console.MarkupLine("[yellow]The calls went to the embedded sandbox:[/] this is not evidence of erasure at Gong.");
                }

                return Task.FromResult(ExitCodes.Ok);
            });
            root.Add(evidence);

            root.Add(SandboxCommands.Create(environment));

            var oauthCommand = new Command("oauth", "Authorize the tool as a Gong OAuth app (GONG_OAUTH_CLIENT_ID, GONG_OAUTH_CLIENT_SECRET, GONG_OAUTH_TOKEN_FILE), and see what the token file holds.");
            var login = new Command("login", "Print the authorization address, wait for the browser to come back to http://127.0.0.1:<port>/callback, exchange the code and store the customer's tokens in GONG_OAUTH_TOKEN_FILE (replacing what it held).");
            var redirectPort = new Option<int>("--redirect-port") { Description = "The loopback port of the redirect URI http://127.0.0.1:<port>/callback, registered with the Gong app; 0 picks a free one.", DefaultValueFactory = _ => OAuthLogin.DefaultPort };
            var scope = new Option<string>("--scope") { Description = "The scopes to ask for.", DefaultValueFactory = _ => OAuthLogin.DefaultScope };
            var loginTimeout = new Option<string>("--timeout") { Description = "How long to wait for the browser, such as 5m or 90s.", DefaultValueFactory = _ => "5m" };
            login.Add(redirectPort);
            login.Add(scope);
            login.Add(loginTimeout);
            login.SetAction((parse, token) =>
            {
                if (parse.GetValue(sandbox))
                {
                    throw new CliException(ExitCodes.Usage, "--sandbox needs no authorization. To try OAuth against the sandbox, run 'gong-privacy sandbox serve' and set the GONG_OAUTH_* variables it prints.");
                }

                var wait = SandboxSettings.Duration(parse.GetValue(loginTimeout), "--timeout") ?? TimeSpan.Zero;
                if (wait <= TimeSpan.Zero)
                {
                    throw new CliException(ExitCodes.Usage, "--timeout must be longer than zero, such as 5m.");
                }

                return OAuthLogin.LoginAsync(environment, parse.GetValue(redirectPort), parse.GetValue(scope)!, wait, token);
            });
            oauthCommand.Add(login);
            var status = new Command("status", "Show what GONG_OAUTH_TOKEN_FILE holds (the customer's host, the scope, the access token's expiry; never a token). Sends nothing; exit 4 when it holds no tokens.");
            status.SetAction((parse, token) => OAuthLogin.StatusAsync(environment));
            oauthCommand.Add(status);
            root.Add(oauthCommand);

            var demo = new Command("demo", "A complete request against the embedded sandbox: lookup, access report, erase, verify until nothing remains, evidence report.");
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

        private static Task<ISubjectReferences> LookUpAsync(GongConnection connection, Subject subject, CancellationToken token) =>
            RowCall.LookUpAsync(connection.Client, subject, token);

        private static async Task<int> EraseAsync(CliEnvironment environment, GongConnection connection, AuditJournal audit, Subject subject, bool yes, bool dryRun, CancellationToken token)
        {
            var console = environment.Console;
            var key = audit.KeyOf(subject);
            var call = new RowCall(audit, connection, environment.Interruption, environment.Time, null, BatchAction.Erase, environment);
            var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
            console.MarkupLine("[bold]This is what an erasure removes:[/]");
            Report.RenderSummary(console, subject, data, connection.Target);
            if (dryRun)
            {
                var entry = call.Entry(JournalEvents.DryRun, subject, key, null);
                entry.Counts = Report.CountMap(data);
                entry.RequestId = data.RequestId;
                audit.Append(entry);
                console.MarkupLine("Dry run: no erase was sent.");
                return ExitCodes.Ok;
            }

            if (!yes && !environment.CanAsk)
            {
                audit.Append(call.Entry(JournalEvents.Declined, subject, key, null));
                throw new CliException(ExitCodes.NotConfirmed, "Not confirmed; nothing was erased: there is no terminal to ask on. Add --yes to erase without the question.");
            }

            if (!yes && !environment.Ask($"Erase everything Gong holds for {subject.KindName} {subject.Masked}? This cannot be undone."))
            {
                audit.Append(call.Entry(JournalEvents.Declined, subject, key, null));
                console.MarkupLine("Nothing erased.");
                return ExitCodes.NotConfirmed;
            }

            var outcome = await call.RunAsync(new RowStatus(), subject, key, null, resendInDoubt: false).ConfigureAwait(false);
            switch (outcome.State)
            {
                case RowState.Done:
                    console.MarkupLine($"Gong accepted the erasure: request id [bold]{Markup.Escape(outcome.RequestId ?? "none")}[/].");
                    console.MarkupLine($"Erasure runs asynchronously and may take several hours. Check later: run 'gong-privacy verify {subject.KindName}' with the same {(subject.Kind == SubjectKind.Email ? "address" : "number")}{(connection.Sandbox != null ? " and --sandbox" : string.Empty)}.");
                    console.MarkupLine($"Journal: {Markup.Escape(audit.Path)}");
                    return environment.Interruption.Requested ? environment.Interruption.ExitCode : ExitCodes.Ok;
                case RowState.InDoubt:
                    throw new CliException(outcome.Interrupted ? environment.Interruption.ExitCode : ExitCodes.GongError, "The erase is in doubt: " + outcome.Detail);
                case RowState.NotSent when outcome.Interrupted:
                    throw new CliException(environment.Interruption.ExitCode, "Interrupted by " + environment.Interruption.Signal + " before the erase was sent; nothing was erased.");
            }

            throw outcome.Error!;
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
            var state = Path.Combine(output, "sandbox-state.json");
            try
            {
                Directory.CreateDirectory(output);
                File.Delete(state);
                using (File.Create(Path.Combine(output, ".gong-privacy-demo-probe"), 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, "The demo's folder " + output + " cannot be written (" + (ex is UnauthorizedAccessException ? "permission denied" : ex.Message.TrimEnd('.')) + "); choose another with --output-dir.");
            }
            var demoEnvironment = new CliEnvironment
            {
                Console = console,
                Out = environment.Out,
                Interruption = environment.Interruption,
                GetVariable = environment.GetVariable,
                Time = environment.Time,
                UserName = environment.UserName,
                WorkingDirectory = output,
                Confirm = _ => true,
                SandboxStateFile = state,
                SandboxErasureDelay = environment.SandboxErasureDelay,
            };
            var subject = Subject.Create(SubjectKind.Email, FakeGong.SampleSubjects[0]);
            await using var connection = await GongConnection.OpenAsync(demoEnvironment, null, sandbox: true).ConfigureAwait(false);

            Heading(console, "1. Look the subject up");
            var data = await LookUpAsync(connection, subject, token).ConfigureAwait(false);
            Report.RenderSummary(console, subject, data, connection.Target);

            Heading(console, "2. Write the access-request report");
            var report = Path.Combine(output, "report.json");
            var tree = SubjectReport.Tree(data);
            ShareLinks.Mask(tree);
            Report.Write(report, Report.Render(tree, "json"));
            console.MarkupLine($"Full result written to {Markup.Escape(report)}");

            Heading(console, "3. Erase (the journal records it)");
            using (var audit = AuditJournal.Open(Path.Combine(output, "audit.jsonl"), environment.GetVariable, environment.Time))
            {
                var erased = await EraseAsync(demoEnvironment, connection, audit, subject, yes: true, dryRun: false, token).ConfigureAwait(false);
                if (erased != ExitCodes.Ok)
                {
                    return erased;
                }
            }

            Heading(console, "4. Verify at once: Gong erases asynchronously");
            var first = await VerifyAsync(demoEnvironment, connection, subject, token).ConfigureAwait(false);
            console.MarkupLine($"verify exit code: {first}");

            var erasureDelay = SandboxSettings.ErasureDelay(demoEnvironment);
            Heading(console, $"5. Wait {erasureDelay.TotalSeconds:0.#} s (hours at a real tenant) and verify again");
            await Task.Delay(erasureDelay, environment.Time, token).ConfigureAwait(false); // on the clock the sandbox runs on
            var second = await VerifyAsync(demoEnvironment, connection, subject, token).ConfigureAwait(false);
            var journalPath = Path.Combine(output, "audit.jsonl");
            using (var audit = AuditJournal.Open(journalPath, environment.GetVariable, environment.Time))
            {
                // The outcome goes to the journal as a verify batch records it, so the evidence shows it.
                audit.Append(new JournalEntry
                {
                    Timestamp = environment.Time.GetUtcNow(), Event = second == ExitCodes.Ok ? VerifyEvents.Verified : VerifyEvents.Remaining, Action = VerifyEvents.Action,
                    Kind = subject.KindName, Subject = subject.Masked, Key = audit.KeyOf(subject),
                });
            }

            Heading(console, "6. Write the evidence report for an auditor (subjects masked)");
            var evidencePath = Path.Combine(output, "evidence.html");
            using (var evidence = ReportFile.Prepare(evidencePath, force: true))
            {
                var (journalFile, evidenceRows, summary) = EvidenceReport.Load(journalPath, environment.GetVariable);
                evidence.Commit(EvidenceReport.Render("html", "audit.jsonl", evidenceRows, summary, journalFile.Chain, environment.Time.GetUtcNow()));
            }

            console.MarkupLine($"Evidence report written to {Markup.Escape(evidencePath)} (also: gong-privacy report --journal {Markup.Escape(journalPath)} --output evidence.csv)");
            console.MarkupLine(second == ExitCodes.Ok ? "[green]Demo complete: looked up, reported, erased, verified and evidenced.[/]" : "[red]Demo failed: references remain after the erasure delay.[/]");
            return second;
        }

        /// <summary>A step heading that does not depend on the console's width.</summary>
        private static void Heading(IAnsiConsole console, string title) => console.MarkupLine("[bold]== " + Markup.Escape(title) + " ==[/]");
    }
}
