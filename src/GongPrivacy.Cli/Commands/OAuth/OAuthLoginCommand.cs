using System;
using System.CommandLine;
using GongPrivacy.Cli.Commands.Subjects;
using GongPrivacy.Cli.OAuth;
using GongPrivacy.Cli.Sandbox;

namespace GongPrivacy.Cli.Commands.OAuth
{
    /// <summary><c>oauth login</c>: authorize in a browser, store the customer's tokens.</summary>
    internal static class OAuthLoginCommand
    {
        public static Command Create(CommonOptions common)
        {
            var login = new Command("login", "Print the authorization address, wait for the browser to come back to http://127.0.0.1:<port>/callback, exchange the code and store the customer's tokens in GONG_OAUTH_TOKEN_FILE (replacing what it held).");
            var redirectPort = new Option<int>("--redirect-port") { Description = "The loopback port of the redirect URI http://127.0.0.1:<port>/callback, registered with the Gong app; 0 picks a free one.", DefaultValueFactory = _ => OAuthLogin.DefaultPort };
            var scope = new Option<string>("--scope") { Description = "The scopes to ask for.", DefaultValueFactory = _ => OAuthLogin.DefaultScope };
            var timeout = new Option<string>("--timeout") { Description = "How long to wait for the browser, such as 5m or 90s.", DefaultValueFactory = _ => "5m" };
            login.Add(redirectPort);
            login.Add(scope);
            login.Add(timeout);
            login.SetAction((parse, token) =>
            {
                if (parse.GetValue(common.Sandbox))
                {
                    throw new CliException(ExitCodes.Usage, "--sandbox needs no authorization. To try OAuth against the sandbox, run 'gong-privacy sandbox serve' and set the GONG_OAUTH_* variables it prints.");
                }

                var wait = SandboxSettings.Duration(parse.GetValue(timeout), "--timeout") ?? TimeSpan.Zero;
                if (wait <= TimeSpan.Zero)
                {
                    throw new CliException(ExitCodes.Usage, "--timeout must be longer than zero, such as 5m.");
                }

                return OAuthLogin.LoginAsync(common.Environment, parse.GetValue(redirectPort), parse.GetValue(scope)!, wait, token);
            });
            return login;
        }
    }
}
