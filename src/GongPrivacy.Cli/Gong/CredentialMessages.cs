using GongPrivacy.Cli.Commands;
using GongPrivacy.Cli.OAuth;

namespace GongPrivacy.Cli.Gong
{
    /// <summary>What the tool says of a failed call: one line, with what to do next.</summary>
    internal static class CredentialMessages
    {
        private const string Login = "'gong-privacy oauth login'";

        /// <summary>
        /// The one line and exit code for a credential that could not give a token (an empty, damaged or refused OAuth token
        /// file, a token endpoint out of reach, a customer host that is not Gong's), with what to do next; <paramref name="stopped"/>
        /// is added for a batch.
        /// </summary>
        public static CliException Failure(GongApiException ex, string stopped)
        {
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
                case GongCredentialFailure.UntrustedCustomerHost:
                    text = GongConnection.FirstSentence(ex.Message);
                    break;
                default:
                    text = "No token could be had: the credential's token source failed (" + (ex.InnerException?.GetType().Name.Replace("Exception", string.Empty) ?? "unknown") + "); nothing was sent. Restore the OAuth token file (" + OAuthEnvironment.TokenFileVariable + ") or authorize the app again with " + Login + ".";
                    break;
            }

            return new CliException(code, text + stopped);
        }

        /// <summary>A failed call in one line and its exit code: the credential, or Gong (or what answered in its place).</summary>
        public static CliException Call(GongApiException ex)
        {
            if (ex.Cause == GongCause.NoToken)
            {
                return Failure(ex, string.Empty);
            }

            var message = ex.Failure == null
                ? ex.Message
                : "Gong could not be reached: " + ex.Failure + " (" + Words.Plural(ex.Attempts, "attempt") + (ex.MayHaveReachedGong ? string.Empty : "; nothing was sent") + ").";
            return new CliException(ex.Cause == GongCause.AccessDenied ? ExitCodes.Credentials : ExitCodes.GongError, message);
        }
    }
}
