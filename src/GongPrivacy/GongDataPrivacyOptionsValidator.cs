using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace GongPrivacy
{
    /// <summary>Checks <see cref="GongDataPrivacyOptions"/> at start-up and says exactly what is wrong.</summary>
    internal sealed class GongDataPrivacyOptionsValidator : IValidateOptions<GongDataPrivacyOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, GongDataPrivacyOptions options)
        {
            if (options == null)
            {
                return ValidateOptionsResult.Fail("Gong: the options are missing.");
            }

            var failures = new List<string>();
            var credential = CredentialError(options);
            if (credential != null)
            {
                failures.Add(credential);
            }

            try
            {
                GongBaseUrl.Normalize(options.BaseUrl);
            }
            catch (ArgumentException ex)
            {
                failures.Add("Gong:BaseUrl: " + FirstSentences(ex.Message));
            }

            if (options.Timeout <= TimeSpan.Zero)
            {
                failures.Add("Gong:Timeout must be positive.");
            }

            var retry = options.Retry ?? new GongRetryOptions();
            if (retry.MaxRetries < 0 || retry.MaxRateLimitRetries < 0)
            {
                failures.Add("Gong:Retry:MaxRetries and Gong:Retry:MaxRateLimitRetries must be 0 or more.");
            }

            if (retry.BaseDelay < TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay || retry.MaxRetryAfter < TimeSpan.Zero)
            {
                failures.Add("Gong:Retry: BaseDelay must be 0 or more, MaxDelay at least BaseDelay, and MaxRetryAfter 0 or more.");
            }

            var rate = options.RateLimit ?? new GongRateLimitOptions();
            if (rate.Enabled && rate.PermitsPerSecond < 1)
            {
                failures.Add("Gong:RateLimit:PermitsPerSecond must be at least 1 (or set Gong:RateLimit:Enabled to false).");
            }

            if (rate.SafetyMargin < TimeSpan.Zero || rate.SafetyMargin > TimeSpan.FromSeconds(1))
            {
                failures.Add("Gong:RateLimit:SafetyMargin must be between 0 and 1 second.");
            }

            if (rate.DailyQuota < 0 || rate.DailyQuotaWarningRatio <= 0 || rate.DailyQuotaWarningRatio > 1)
            {
                failures.Add("Gong:RateLimit: DailyQuota must be 0 or more and DailyQuotaWarningRatio in (0, 1].");
            }

            // One message of whole sentences (Options would join several with "; ", after their full stops).
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(string.Join(" ", failures));
        }

        internal static string? CredentialError(GongDataPrivacyOptions options)
        {
            var hasKey = options.AccessKey != null || options.AccessKeySecret != null;
            var hasToken = options.BearerToken != null;
            var hasProvider = options.TokenProvider != null;
            var hasOAuth = options.OAuthClientId != null || options.OAuthClientSecret != null;
            var hasCredential = options.Credential != null;
            var kinds = (hasKey ? 1 : 0) + (hasToken ? 1 : 0) + (hasProvider ? 1 : 0) + (hasOAuth ? 1 : 0) + (hasCredential ? 1 : 0);
            if (kinds == 0)
            {
                return "Gong: no credential is configured. Set Gong:AccessKey and Gong:AccessKeySecret, or Gong:BearerToken, or Gong:OAuthClientId and Gong:OAuthClientSecret with an OAuthTokenStore, or a TokenProvider or Credential.";
            }

            if (kinds > 1)
            {
                return "Gong: more than one kind of credential is configured (" +
                    string.Join(", ", Kinds(hasKey, hasToken, hasProvider, hasOAuth, hasCredential)) + "). Give exactly one.";
            }

            if (hasOAuth && string.IsNullOrWhiteSpace(options.OAuthClientId))
            {
                return "Gong:OAuthClientId is empty; it is needed with Gong:OAuthClientSecret.";
            }

            if (hasOAuth && string.IsNullOrWhiteSpace(options.OAuthClientSecret))
            {
                return "Gong:OAuthClientSecret is empty; it is needed with Gong:OAuthClientId.";
            }

            if (hasOAuth && options.OAuthClientId!.IndexOf(':') >= 0)
            {
                return "Gong:OAuthClientId must not contain ':'.";
            }

            if (hasOAuth && options.OAuthTokenStore == null)
            {
                return "Gong:OAuthClientId is set but no OAuthTokenStore is given; set options.OAuthTokenStore in code (a GongFileTokenStore, or a store on your database).";
            }

            if (hasOAuth && !string.IsNullOrWhiteSpace(options.OAuthTokenEndpoint))
            {
                if (!Uri.TryCreate(options.OAuthTokenEndpoint!.Trim(), UriKind.Absolute, out var endpoint) || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
                {
                    return "Gong:OAuthTokenEndpoint must be an absolute https URL (plain http only for loopback).";
                }
            }

            if (hasKey && string.IsNullOrWhiteSpace(options.AccessKey))
            {
                return "Gong:AccessKey is empty; it is needed with Gong:AccessKeySecret.";
            }

            if (hasKey && string.IsNullOrWhiteSpace(options.AccessKeySecret))
            {
                return "Gong:AccessKeySecret is empty; it is needed with Gong:AccessKey.";
            }

            if (hasKey && options.AccessKey!.IndexOf(':') >= 0)
            {
                return "Gong:AccessKey must not contain ':'.";
            }

            if (hasToken && string.IsNullOrWhiteSpace(options.BearerToken))
            {
                return "Gong:BearerToken is empty.";
            }

            return null;
        }

        private static IEnumerable<string> Kinds(bool key, bool token, bool provider, bool oauth, bool credential)
        {

            if (key)
            {
                yield return "access key";
            }

            if (token)
            {
                yield return "bearer token";
            }

            if (provider)
            {
                yield return "token provider";
            }

            if (oauth)
            {
                yield return "OAuth client id";
            }

            if (credential)
            {
                yield return "Credential";
            }
        }

        private static string FirstSentences(string message)
        {
            var index = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            return index > 0 ? message.Substring(0, index) : message;
        }
    }
}
