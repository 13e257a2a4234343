using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace GongPrivacy.Cli.OAuth
{
    /// <summary>
    /// <c>gong-privacy oauth login</c> and <c>oauth status</c>: authorize the app in a browser and keep the customer's
    /// tokens in the token file, with the library's own helpers (<see cref="GongOAuthClient"/>, <see cref="GongFileTokenStore"/>).
    /// </summary>
    /// <remarks>
    /// The redirect is a loopback listener (RFC 8252, section 7.3): <c>http://127.0.0.1:&lt;port&gt;/callback</c>, which must
    /// be registered with the Gong app. A callback whose <c>state</c> is not this run's is refused and the wait goes on;
    /// the first callback with the right state ends it, and its code is exchanged once. Nothing is stored unless Gong
    /// answers the exchange with tokens.
    /// </remarks>
    internal static class OAuthLogin
    {
        /// <summary>The redirect listener's default port: register <c>http://127.0.0.1:5281/callback</c> with the app.</summary>
        public const int DefaultPort = 5281;

        /// <summary>The callback path of the redirect URI.</summary>
        public const string CallbackPath = "/callback";

        /// <summary>The scopes asked for by default: lookups and erasures.</summary>
        public const string DefaultScope = "api:data-privacy:read api:data-privacy:delete";

        public static async Task<int> LoginAsync(CliEnvironment environment, int port, string scope, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (port < 0 || port > 65535)
            {
                throw new CliException(ExitCodes.Usage, "The redirect port must be between 0 and 65535; " + port.ToString(CultureInfo.InvariantCulture) + " is not.");
            }

            if (string.IsNullOrWhiteSpace(scope))
            {
                throw new CliException(ExitCodes.Usage, "The scope is empty; the default is '" + DefaultScope + "'.");
            }

            var (oauth, store) = OAuthEnvironment.ReadApp(environment, required: true)!.Value;
            var state = GongOAuthClient.CreateState();
            var answered = 0;
            var result = new TaskCompletionSource<GongOAuthTokens>(TaskCreationOptions.RunContinuationsAsynchronously);
            Uri? redirect = null;

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            app.Run(async context =>
            {
                if (context.Request.Path.Value != CallbackPath || context.Request.Method != "GET")
                {
                    await Page(context, 404, "Not found", "This is gong-privacy's OAuth callback; nothing else is served here.").ConfigureAwait(false);
                    return;
                }

                var query = context.Request.Query;
                if (!SameState(query["state"].ToString(), state))
                {
                    // Not this run's authorization (an old tab, or a forged link): refused, and the wait goes on.
                    await Page(context, 400, "Not this authorization", "This answer does not belong to the authorization gong-privacy is waiting for (its state does not match). Nothing was stored; use the address the tool printed.").ConfigureAwait(false);
                    Line(environment, "warning: a callback with another state was refused; still waiting.");
                    return;
                }

                if (Interlocked.Exchange(ref answered, 1) == 1)
                {
                    await Page(context, 400, "Already answered", "This authorization was already answered; see the terminal.").ConfigureAwait(false);
                    return;
                }

                var error = query["error"].ToString();
                var code = query["code"].ToString();
                if (error.Length > 0 || code.Length == 0)
                {
                    var reason = error.Length == 0 ? "no code came back" : SafeWord(error);
                    await Page(context, 200, "Not authorized", "Gong did not authorize the app (" + reason + "). Nothing was stored; see the terminal.").ConfigureAwait(false);
                    result.TrySetException(new CliException(ExitCodes.Credentials, "Gong did not authorize the app (" + reason + "); nothing was stored. Run 'gong-privacy oauth login' again, as a Gong technical administrator."));
                    return;
                }

                try
                {
                    // Not cancelled by Ctrl-C: once the code is here, the exchange finishes and its tokens are stored.
                    var tokens = await oauth.ExchangeCodeAsync(code, redirect!, store, CancellationToken.None).ConfigureAwait(false);
                    await Page(context, 200, "Authorized", "gong-privacy is authorized; the tokens are stored. You can close this tab.").ConfigureAwait(false);
                    result.TrySetResult(tokens);
                }
                catch (Exception ex)
                {
                    await Page(context, 200, "Not authorized", "The code could not be exchanged for tokens; see the terminal.").ConfigureAwait(false);
                    result.TrySetException(ex);
                }
            });

            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new CliException(ExitCodes.Usage, "Port " + port.ToString(CultureInfo.InvariantCulture) + " on 127.0.0.1 is already in use; choose another with --redirect-port (and register that redirect URI with the Gong app).");
            }

            await using (app.ConfigureAwait(false))
            {
                var bound = new Uri(System.Linq.Enumerable.First(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses));
                redirect = new Uri("http://127.0.0.1:" + bound.Port.ToString(CultureInfo.InvariantCulture) + CallbackPath);
                var url = oauth.GetAuthorizationUri(redirect, scope.Trim(), state);
                environment.Console.MarkupLine("Open this address in a browser and authorize the app as a Gong technical administrator:");
                Line(environment, url.AbsoluteUri);
                environment.Console.MarkupLine($"Waiting for the browser to come back to {Markup.Escape(redirect.AbsoluteUri)} (registered with the app as a redirect URI); gives up after {Describe(timeout)}, Ctrl+C stops.");

                try
                {
                    await result.Task.WaitAsync(timeout, environment.Time, cancellationToken).ConfigureAwait(false);
                }
                catch when (result.Task.IsCompleted)
                {
                    // The answer came; its outcome is read below.
                }
                catch (TimeoutException) when (Interlocked.Exchange(ref answered, 1) == 0)
                {
                    throw new CliException(ExitCodes.Credentials, "No authorization came back within " + Describe(timeout) + "; nothing was stored. Run 'gong-privacy oauth login' again (--timeout waits longer).");
                }
                catch (OperationCanceledException) when (environment.Interruption.Requested && Interlocked.Exchange(ref answered, 1) == 0)
                {
                    throw new CliException(environment.Interruption.ExitCode, "Interrupted by " + environment.Interruption.Signal + " while waiting for the authorization; nothing was stored.");
                }
                catch (Exception ex) when (ex is TimeoutException || ex is OperationCanceledException)
                {
                    // The code came as the wait ended: its exchange finishes and its tokens are stored first.
                }

                GongOAuthTokens tokens;
                try
                {
                    tokens = await result.Task.ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new CliException(ExitCodes.GongError, "Gong's token endpoint gave no usable answer to the code exchange (" + GongConnection.FirstSentence(ex.Message).TrimEnd('.') + "); nothing was stored, and the code may be spent. Run 'gong-privacy oauth login' again.");
                }

                environment.Console.MarkupLine($"[green]Authorized.[/] The tokens for {Markup.Escape(Host(tokens))} are in {Markup.Escape(store.FilePath)} (owner-only); the tool refreshes them as they expire.");
                return environment.Interruption.Requested ? environment.Interruption.ExitCode : ExitCodes.Ok;
            }
        }

        /// <summary>What the token file holds, without a token: the customer's host, the scope and the access token's expiry. Sends nothing.</summary>
        public static async Task<int> StatusAsync(CliEnvironment environment)
        {
            var (_, store) = OAuthEnvironment.ReadApp(environment, required: true)!.Value;
            GongOAuthTokens? tokens;
            try
            {
                tokens = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                throw new CliException(ExitCodes.Credentials, "The token file " + store.FilePath + " is damaged: it does not hold the tokens the token store writes. Restore it, or authorize again with 'gong-privacy oauth login'.");
            }

            if (tokens == null)
            {
                throw new CliException(ExitCodes.Credentials, "The token file " + store.FilePath + " holds no tokens yet; authorize with 'gong-privacy oauth login'.");
            }

            var now = environment.Time.GetUtcNow();
            environment.Console.MarkupLine($"Token file: {Markup.Escape(store.FilePath)}");
            environment.Console.MarkupLine($"Customer host: {Markup.Escape(Host(tokens))}");
            environment.Console.MarkupLine($"Scope: {Markup.Escape(tokens.Scope ?? "not stated")}");
            environment.Console.MarkupLine(tokens.ExpiresAt > now
                ? $"Access token: good until {tokens.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}"
                : $"Access token: expired at {tokens.ExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; the next call refreshes it");
            environment.Console.MarkupLine("Whether Gong still accepts the refresh token shows on the next call (exit 4 if the customer must authorize again).");
            return ExitCodes.Ok;
        }

        private static string Host(GongOAuthTokens tokens) => tokens.ApiBaseUrlForCustomer ?? "the host Gong did not name (calls go to the base URL)";

        private static bool SameState(string received, string expected) =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(received), Encoding.UTF8.GetBytes(expected));

        /// <summary>An OAuth error code is a short word; anything else from the browser is not echoed.</summary>
        private static string SafeWord(string text)
        {
            foreach (var c in text)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return "an unexpected error";
                }
            }

            return text.Length <= 40 ? text : "an unexpected error";
        }

        private static string Describe(TimeSpan timeout) =>
            timeout.TotalMinutes >= 1 && timeout.Seconds == 0 ? timeout.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min" : timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

        /// <summary>An unwrapped line on stderr: an address must stay whole to be copied.</summary>
        private static void Line(CliEnvironment environment, string text)
        {
            var writer = environment.Console.Profile.Out.Writer;
            lock (writer)
            {
                writer.WriteLine(text);
                writer.Flush();
            }
        }

        private static async Task Page(HttpContext context, int status, string title, string message)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html;charset=UTF-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>gong-privacy: " + WebUtility.HtmlEncode(title) +
                "</title></head><body><h1>" + WebUtility.HtmlEncode(title) + "</h1><p>" + WebUtility.HtmlEncode(message) + "</p></body></html>").ConfigureAwait(false);

            // The page is whole on the wire before the run goes on (and stops this listener): the browser always gets it.
            await context.Response.CompleteAsync().ConfigureAwait(false);
        }
    }
}
