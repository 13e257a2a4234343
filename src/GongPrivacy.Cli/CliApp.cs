using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Commands.Batch;
using GongPrivacy.Cli.Commands.Demo;
using GongPrivacy.Cli.Commands.Journal;
using GongPrivacy.Cli.Commands.OAuth;
using GongPrivacy.Cli.Commands.Reports;
using GongPrivacy.Cli.Commands.Sandbox;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Runs;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// The gong-privacy command line: the root command and its commands (each in its own file under <c>Commands/</c>), and
    /// the one map from what a run threw to its single line on stderr and its exit code (<see cref="ExitCodes"/>).
    /// </summary>
    public static class CliApp
    {
        /// <summary>The one-line usage printed after a usage error.</summary>
        internal const string Usage = "Usage: gong-privacy lookup|erase|verify email|phone <value> | batch plan|erase|lookup|verify <subjects.csv> --journal <file> | report --journal <file> --output evidence.html|csv|json | journal verify|export-public-key|seal --journal <file> | sandbox serve [--port N] [--fresh] | sandbox reset | oauth login|status | demo; 'gong-privacy --help' for more.";

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
                var code = await RunCoreAsync(args, environment).ConfigureAwait(false);
                if (environment.JournalHead.Unsaid != null)
                {
                    // The value to keep elsewhere: 'journal verify --expect-head' shows a journal cut back before it.
                    Line(environment, environment.JournalHead.Say());
                }

                return code;
            }
            catch (CliException ex)
            {
                return Fail(environment, ex.ExitCode, ex.Message + Head(environment));
            }
            catch (GongApiException ex)
            {
                var failure = CredentialMessages.Call(ex);
                return Fail(environment, failure.ExitCode, failure.Message + Head(environment));
            }
            catch (OperationCanceledException) when (environment.Interruption.Requested)
            {
                return Fail(environment, environment.Interruption.ExitCode, "Interrupted by " + environment.Interruption.Signal + " before anything more was sent. A batch continues with the same command and --resume." + Head(environment), "stopped: ");
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
            SecretArguments.Refuse(args);
            var parse = Root(environment).Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line: the first error, then the usage.
                var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                var message = GongRedaction.Redact(first.Message).Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal);
                return Fail(environment, ExitCodes.Usage, message.TrimEnd('.') + ". " + Usage);
            }

            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = environment.Out, Error = environment.Console.Profile.Out.Writer }, environment.Interruption.Token).ConfigureAwait(false);
        }

        private static RootCommand Root(CliEnvironment environment)
        {
            var common = new CommonOptions(environment);
            var root = new RootCommand("gong-privacy: answer access and erasure requests with Gong's Data Privacy API. Credentials come from " + GongConnection.AccessKeyVariable + " and " + GongConnection.AccessKeySecretVariable + ", or " + GongConnection.BearerTokenVariable + ", or OAuth (GONG_OAUTH_CLIENT_ID, GONG_OAUTH_CLIENT_SECRET and GONG_OAUTH_TOKEN_FILE; see 'oauth login').")
            {
                common.BaseUrl,
                common.Sandbox,
                LookupCommand.Create(common),
                EraseCommand.Create(common),
                VerifyCommand.Create(common),
                BatchCommand.Create(common),
                ReportCommand.Create(common),
                JournalCommand.Create(common),
                SandboxCommand.Create(common),
                OAuthCommand.Create(common),
                DemoCommand.Create(common),
            };
            return root;
        }

        /// <summary>Writes one line to stderr, unwrapped and unstyled (hosts and paths are not masked: they are not personal data).</summary>
        private static int Fail(CliEnvironment environment, int code, string message, string prefix = "error: ")
        {
            Line(environment, prefix + message);
            return code;
        }

        /// <summary>A failed run that signed its journal says its head on its one line.</summary>
        private static string Head(CliEnvironment environment) => environment.JournalHead.Unsaid != null ? " " + environment.JournalHead.Say() + "." : string.Empty;

        private static void Line(CliEnvironment environment, string text)
        {
            var writer = environment.Console.Profile.Out.Writer;
            writer.WriteLine(text.Replace('\n', ' ').Replace('\r', ' '));
            writer.Flush();
        }
    }
}
