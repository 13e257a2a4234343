using System;
using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.Gong;

namespace GongPrivacy.Cli.OAuth
{
    /// <summary>
    /// OAuth for the tool, from the environment: <c>GONG_OAUTH_CLIENT_ID</c>, <c>GONG_OAUTH_CLIENT_SECRET</c> and
    /// <c>GONG_OAUTH_TOKEN_FILE</c> (a <see cref="GongFileTokenStore"/> file, shared safely with other runs and apps), and
    /// optionally <c>GONG_OAUTH_TOKEN_ENDPOINT</c> and <c>GONG_OAUTH_AUTHORIZE_ENDPOINT</c> (the sandbox's, for a try
    /// without a Gong account; the authorization page defaults to the token endpoint's host).
    /// </summary>
    internal static class OAuthEnvironment
    {
        public const string ClientIdVariable = "GONG_OAUTH_CLIENT_ID";
        public const string ClientSecretVariable = "GONG_OAUTH_CLIENT_SECRET";
        public const string TokenFileVariable = "GONG_OAUTH_TOKEN_FILE";
        public const string TokenEndpointVariable = "GONG_OAUTH_TOKEN_ENDPOINT";
        public const string AuthorizeEndpointVariable = "GONG_OAUTH_AUTHORIZE_ENDPOINT";

        /// <summary>
        /// The app (client id and secret, endpoints) and the token file the environment describes; null when no OAuth
        /// variable is set and <paramref name="required"/> is false.
        /// </summary>
        /// <exception cref="CliException">The OAuth variables are missing (when required), incomplete or invalid.</exception>
        public static (GongOAuthClient Client, GongFileTokenStore Store)? ReadApp(CliEnvironment environment, bool required)
        {
            var id = environment.GetVariable(ClientIdVariable);
            var secret = environment.GetVariable(ClientSecretVariable);
            var file = environment.GetVariable(TokenFileVariable);
            var endpoint = environment.GetVariable(TokenEndpointVariable);
            var authorize = environment.GetVariable(AuthorizeEndpointVariable);
            if (!required && string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret) && string.IsNullOrEmpty(file))
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret) || string.IsNullOrWhiteSpace(file))
            {
                throw new CliException(ExitCodes.Credentials, "OAuth needs all three of " + ClientIdVariable + ", " + ClientSecretVariable + " and " + TokenFileVariable + "; " +
                    (string.IsNullOrWhiteSpace(id) ? ClientIdVariable : string.IsNullOrWhiteSpace(secret) ? ClientSecretVariable : TokenFileVariable) + " is not set.");
            }

            var folder = System.IO.Path.GetDirectoryName(environment.Resolve(file!));
            if (!string.IsNullOrEmpty(folder) && !System.IO.Directory.Exists(folder))
            {
                throw new CliException(ExitCodes.Credentials, "The folder of the OAuth token file (" + TokenFileVariable + ") does not exist: " + folder + ". Create it, or choose another path.");
            }

            try
            {
                var tokenEndpoint = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint!, UriKind.Absolute);
                // Gong serves both at app.gong.io; a token endpoint elsewhere (the sandbox) implies its authorization page.
                var authorizeEndpoint = !string.IsNullOrWhiteSpace(authorize) ? new Uri(authorize!, UriKind.Absolute)
                    : tokenEndpoint == null ? null : new Uri(tokenEndpoint, new Uri(GongOAuthClient.DefaultAuthorizeEndpoint).AbsolutePath);
                return (new GongOAuthClient(id!, secret!, tokenEndpoint, timeProvider: environment.Time, authorizeEndpoint: authorizeEndpoint), new GongFileTokenStore(environment.Resolve(file!)));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is UriFormatException)
            {
                throw new CliException(ExitCodes.Credentials, "The OAuth settings are invalid: " + GongConnection.FirstSentence(ex.Message));
            }
        }
    }
}
