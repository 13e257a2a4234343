using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using GongPrivacy.Testing;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>
    /// Bad invocations of the real tool, as a child process: exactly one line on stderr, nothing on stdout, the
    /// documented exit code, no stack frame, and no request to the loopback Gong it was pointed at.
    /// </summary>
    public class BadInvocationTests
    {
        public static IEnumerable<object[]> Cases() => new[]
        {
            new object[] { "bad port", ExitCodes.Usage, "between 1 and 65535" },
            new object[] { "port in use", ExitCodes.Usage, "already in use" },
            new object[] { "report to a folder", ExitCodes.Usage, "is a folder" },
            new object[] { "report in a missing folder", ExitCodes.Usage, "folder does not exist" },
            new object[] { "existing report without --force", ExitCodes.Usage, "already exists; add --force" },
            new object[] { "damaged key", ExitCodes.Journal, "is damaged" },
            new object[] { "missing key", ExitCodes.Journal, "is missing" },
            new object[] { "unknown command", ExitCodes.Usage, "Usage: gong-privacy" },
            new object[] { "secret on the command line", ExitCodes.Usage, "Secrets are not taken on the command line" },
            new object[] { "missing credentials", ExitCodes.Credentials, "No Gong credentials" },
            new object[] { "resumed erase without a terminal or --yes", ExitCodes.NotConfirmed, "Not confirmed; nothing was erased" },
            new object[] { "connection refused", ExitCodes.GongError, "connection refused" },
            new object[] { "OAuth token file that does not exist", ExitCodes.Credentials, "holds no tokens: the app is not authorized yet. Authorize it with 'gong-privacy oauth login'." },
            new object[] { "OAuth token file in a missing folder", ExitCodes.Credentials, "The folder of the OAuth token file (GONG_OAUTH_TOKEN_FILE) does not exist" },
            new object[] { "oauth login with a port that is not a number", ExitCodes.Usage, "Cannot parse argument 'abc' for option '--redirect-port' as a whole number" },
            new object[] { "damaged OAuth token file", ExitCodes.Credentials, "No token could be had" },
            new object[] { "oauth login with --sandbox", ExitCodes.Usage, "--sandbox needs no authorization" },
            new object[] { "oauth login on a port in use", ExitCodes.Usage, "already in use; choose another with --redirect-port" },
            new object[] { "oauth login with a zero timeout", ExitCodes.Usage, "--timeout must be longer than zero" },
            new object[] { "oauth status without tokens", ExitCodes.Credentials, "holds no tokens yet; authorize with 'gong-privacy oauth login'" },
            new object[] { "oauth status with a damaged token file", ExitCodes.Credentials, "is damaged: it does not hold the tokens" },
            new object[] { "journal whose chain is broken", ExitCodes.JournalTampered, "fails its integrity check at line 3: it holds entry 4 where entry 3 was due: an entry before it was deleted" },
            new object[] { "report of a journal whose chain is broken", ExitCodes.JournalTampered, "fails its integrity check at line 3" },
            new object[] { "journal lock that cannot be created", ExitCodes.Journal, "cannot be created or opened" },
            new object[] { "batch without a subcommand", ExitCodes.Usage, "batch needs a subcommand and a CSV" },
            new object[] { "max in flight out of range", ExitCodes.Usage, "--max-in-flight must be between 1 and 64; 0 is not" },
            new object[] { "unknown delimiter", ExitCodes.Usage, "--delimiter must be ',' (comma) or ';' (semicolon)" },
            new object[] { "demo into a folder that cannot be written", ExitCodes.Usage, "The demo's folder" },
            new object[] { "erase batch without a terminal or --yes", ExitCodes.NotConfirmed, "there is no terminal to ask on" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task A_bad_invocation_gives_one_line_on_stderr_its_exit_code_and_sends_nothing(string name, int expectedCode, string expectedText)
        {
            await using var gong = await FakeGong.StartAsync(); // the real clock: the tool runs as a child process
            var folder = Path.Combine(Path.GetTempPath(), "gong-privacy-bad", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            using var busy = new TcpListener(IPAddress.Loopback, 0);
            busy.Start();
            var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            var variables = new Dictionary<string, string> { ["GONG_ACCESS_KEY"] = "k", ["GONG_ACCESS_KEY_SECRET"] = "s", ["GONG_BASE_URL"] = gong.BaseUrl.ToString() };
            File.WriteAllText(Path.Combine(folder, "subjects.csv"), "email,someone@bad.example\n");
            var lookup = new[] { "lookup", "email", "someone@bad.example" };
            string[] args;
            switch (name)
            {
                case "bad port":
                    args = new[] { "sandbox", "serve", "--port", "99999" };
                    break;
                case "port in use":
                    args = new[] { "sandbox", "serve", "--port", busyPort };
                    break;
                case "report to a folder":
                    args = lookup.Concat(new[] { "-o", folder }).ToArray();
                    break;
                case "report in a missing folder":
                    args = lookup.Concat(new[] { "-o", Path.Combine(folder, "no", "such", "r.json") }).ToArray();
                    break;
                case "existing report without --force":
                    File.WriteAllText(Path.Combine(folder, "r.json"), "keep me");
                    args = lookup.Concat(new[] { "-o", "r.json" }).ToArray();
                    break;
                case "damaged key":
                    await PrepareJournalAsync(folder, gong, variables);
                    File.WriteAllText(Path.Combine(folder, "j.jsonl.key"), "this is not base64!");
                    args = new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--resume", "--yes" };
                    break;
                case "missing key":
                    await PrepareJournalAsync(folder, gong, variables);
                    File.Delete(Path.Combine(folder, "j.jsonl.key"));
                    args = new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--resume", "--yes" };
                    break;
                case "resumed erase without a terminal or --yes":
                    await PrepareJournalAsync(folder, gong, variables);
                    args = new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--resume" };
                    break;
                case "journal whose chain is broken":
                case "report of a journal whose chain is broken":
                    await PrepareJournalAsync(folder, gong, variables);
                    var journalLines = File.ReadAllLines(Path.Combine(folder, "j.jsonl")).ToList();
                    journalLines.RemoveAt(2);
                    File.WriteAllLines(Path.Combine(folder, "j.jsonl"), journalLines);
                    args = name.StartsWith("report", StringComparison.Ordinal)
                        ? new[] { "report", "--journal", "j.jsonl", "--output", "evidence.html" }
                        : new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--resume", "--yes" };
                    break;
                case "journal lock that cannot be created":
                    Directory.CreateDirectory(Path.Combine(folder, "j.jsonl.lock"));
                    args = new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--yes" };
                    break;
                case "batch without a subcommand":
                    args = new[] { "batch", "--journal", "j.jsonl" };
                    break;
                case "max in flight out of range":
                    args = new[] { "batch", "lookup", "subjects.csv", "--journal", "j.jsonl", "--max-in-flight", "0" };
                    break;
                case "unknown delimiter":
                    args = new[] { "batch", "lookup", "subjects.csv", "--journal", "j.jsonl", "--delimiter", "|" };
                    break;
                case "demo into a folder that cannot be written":
                    args = new[] { "demo", "--output-dir", Path.Combine("subjects.csv", "demo") };
                    break;
                case "erase batch without a terminal or --yes":
                    args = new[] { "batch", "erase", "subjects.csv", "--journal", "j.jsonl" };
                    break;
                case "unknown command":
                    args = new[] { "purge", "email", "someone@bad.example" };
                    break;
                case "secret on the command line":
                    args = lookup.Concat(new[] { "--access-key-secret", "s3cret-value" }).ToArray();
                    break;
                case "missing credentials":
                    variables.Remove("GONG_ACCESS_KEY");
                    variables.Remove("GONG_ACCESS_KEY_SECRET");
                    args = lookup;
                    break;
                case "OAuth token file that does not exist":
                case "OAuth token file in a missing folder":
                case "oauth login with a port that is not a number":
                case "damaged OAuth token file":
                case "oauth login with --sandbox":
                case "oauth login on a port in use":
                case "oauth login with a zero timeout":
                case "oauth status without tokens":
                case "oauth status with a damaged token file":
                    variables.Remove("GONG_ACCESS_KEY");
                    variables.Remove("GONG_ACCESS_KEY_SECRET");
                    variables["GONG_OAUTH_CLIENT_ID"] = "client-id";
                    variables["GONG_OAUTH_CLIENT_SECRET"] = "client-secret-never-shown";
                    variables["GONG_OAUTH_TOKEN_FILE"] = Path.Combine(folder, "tokens.json");
                    variables["GONG_OAUTH_TOKEN_ENDPOINT"] = new Uri(gong.BaseUrl, "/oauth2/generate-customer-token").ToString();
                    if (name == "damaged OAuth token file" || name == "oauth status with a damaged token file")
                    {
                        File.WriteAllText(Path.Combine(folder, "tokens.json"), "{ not json");
                        variables.Remove("GONG_BASE_URL"); // the customer's host would come from the file: none set
                    }

                    if (name == "OAuth token file in a missing folder")
                    {
                        variables["GONG_OAUTH_TOKEN_FILE"] = Path.Combine(folder, "no", "such", "tokens.json");
                    }

                    args = name switch
                    {
                        "oauth login with --sandbox" => new[] { "oauth", "login", "--sandbox" },
                        "oauth login on a port in use" => new[] { "oauth", "login", "--redirect-port", busyPort },
                        "oauth login with a zero timeout" => new[] { "oauth", "login", "--timeout", "0s" },
                        "oauth login with a port that is not a number" => new[] { "oauth", "login", "--redirect-port", "abc" },
                        "oauth status without tokens" or "oauth status with a damaged token file" => new[] { "oauth", "status" },
                        _ => lookup,
                    };
                    break;
                case "connection refused":
                    var closed = new TcpListener(IPAddress.Loopback, 0);
                    closed.Start();
                    var port = ((IPEndPoint)closed.LocalEndpoint).Port;
                    closed.Stop();
                    variables["GONG_BASE_URL"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/";
                    args = lookup;
                    break;
                default:
                    throw new ArgumentException(name);
            }

            var requestsBefore = gong.Received.Count;
            var tool = ToolProcess.Start(folder, variables, args);
            var code = await tool.ExitAsync(TimeSpan.FromSeconds(60));

            var stderrLines = tool.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(stderrLines.Length == 1, name + ": expected one line on stderr, got:\n" + tool.Stderr);
            Assert.Contains(expectedText, stderrLines[0]);
            Assert.Equal(string.Empty, tool.Stdout);
            Assert.Equal(expectedCode, code);
            Assert.DoesNotContain("   at ", tool.Stderr);
            Assert.DoesNotContain("Exception", tool.Stderr);
            Assert.DoesNotContain("s3cret-value", tool.Stderr);
            Assert.DoesNotContain("client-secret-never-shown", tool.Stderr);
            Assert.DoesNotContain("someone@bad.example", tool.Stderr);
            Assert.Equal(requestsBefore, gong.Received.Count);
            if (name == "existing report without --force")
            {
                Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "r.json")));
                Assert.Single(Directory.GetFiles(folder, "*r.json*"));
            }

            Directory.Delete(folder, recursive: true);
        }

        /// <summary>A journal that holds a started erase batch of one row, erased.</summary>
        private static async Task PrepareJournalAsync(string folder, FakeGong gong, Dictionary<string, string> variables)
        {
            var first = ToolProcess.Start(folder, variables, "batch", "erase", "subjects.csv", "--journal", "j.jsonl", "--yes");
            Assert.Equal(ExitCodes.Ok, await first.ExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, gong.ErasesAccepted());
        }
    }
}
