using System.CommandLine;
using GongPrivacy.Cli.OAuth;

namespace GongPrivacy.Cli.Commands.OAuth
{
    /// <summary><c>oauth status</c>: what the token file holds, never a token.</summary>
    internal static class OAuthStatusCommand
    {
        public static Command Create(CommonOptions common)
        {
            var status = new Command("status", "Show what GONG_OAUTH_TOKEN_FILE holds (the customer's host, the scope, the access token's expiry; never a token). Sends nothing; exit 4 when it holds no tokens.");
            status.SetAction((parse, token) => OAuthLogin.StatusAsync(common.Environment));
            return status;
        }
    }
}
