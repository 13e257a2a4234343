using System;

namespace GongPrivacy.Cli
{
    /// <summary>
    /// OAuth for the tool, from the environment: <c>GONG_OAUTH_CLIENT_ID</c>, <c>GONG_OAUTH_CLIENT_SECRET</c> and
    /// <c>GONG_OAUTH_TOKEN_FILE</c> (a <see cref="GongFileTokenStore"/> file, shared safely with other runs and apps), and
    /// optionally <c>GONG_OAUTH_TOKEN_ENDPOINT</c> (the sandbox's, for a try without a Gong account).
    /// </summary>
    internal static class OAuthEnvironment
    {
        public const string ClientIdVariable = "GONG_OAUTH_CLIENT_ID";
        public const string ClientSecretVariable = "GONG_OAUTH_CLIENT_SECRET";
        public const string TokenFileVariable = "GONG_OAUTH_TOKEN_FILE";
        public const string TokenEndpointVariable = "GONG_OAUTH_TOKEN_ENDPOINT";

        /// <summary>The OAuth credential the environment describes, or null when no OAuth variable is set.</summary>
        /// <exception cref="CliException">The OAuth variables are incomplete or invalid.</exception>
        public static GongCredential? Read(CliEnvironment environment)
        {
            var id = environment.GetVariable(ClientIdVariable);
            var secret = environment.GetVariable(ClientSecretVariable);
            var file = environment.GetVariable(TokenFileVariable);
            var endpoint = environment.GetVariable(TokenEndpointVariable);
            if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret) && string.IsNullOrEmpty(file))
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret) || string.IsNullOrWhiteSpace(file))
            {
                throw new CliException(ExitCodes.Credentials, "OAuth needs all three of " + ClientIdVariable + ", " + ClientSecretVariable + " and " + TokenFileVariable + "; " +
                    (string.IsNullOrWhiteSpace(id) ? ClientIdVariable : string.IsNullOrWhiteSpace(secret) ? ClientSecretVariable : TokenFileVariable) + " is not set.");
            }

            try
            {
                var tokenEndpoint = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint!, UriKind.Absolute);
                return GongCredential.FromOAuth(new GongOAuthClient(id!, secret!, tokenEndpoint), new GongFileTokenStore(file!));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is UriFormatException)
            {
                throw new CliException(ExitCodes.Credentials, "The OAuth settings are invalid: " + GongConnection.FirstSentence(ex.Message));
            }
        }
    }
}
