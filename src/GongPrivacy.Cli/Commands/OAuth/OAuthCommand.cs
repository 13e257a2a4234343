using System.CommandLine;

namespace GongPrivacy.Cli.Commands.OAuth
{
    /// <summary><c>oauth login</c> and <c>oauth status</c>: the tool as a Gong OAuth app.</summary>
    internal static class OAuthCommand
    {
        public static Command Create(CommonOptions common)
        {
            var oauth = new Command("oauth", "Authorize the tool as a Gong OAuth app (GONG_OAUTH_CLIENT_ID, GONG_OAUTH_CLIENT_SECRET, GONG_OAUTH_TOKEN_FILE), and see what the token file holds.");
            oauth.Add(OAuthLoginCommand.Create(common));
            oauth.Add(OAuthStatusCommand.Create(common));
            return oauth;
        }
    }
}
