using System;

namespace GongPrivacy
{
    /// <summary>
    /// Turns the base URL a user gives into the one the client calls: absolute, https (plain http only for a
    /// loopback host), ending in <c>/v2/</c>. <c>https://api.gong.io</c>, <c>https://api.gong.io/v2</c> and
    /// a per-tenant host such as <c>https://us-12345.api.gong.io/</c> all work.
    /// </summary>
    internal static class GongBaseUrl
    {
        /// <summary>Gong's default base URL.</summary>
        public const string Default = GongLimits.DefaultHost + "/v2/";

        /// <summary>Checks and normalises a base URL.</summary>
        /// <param name="baseUrl">The URL, with or without <c>/v2</c> and a trailing slash.</param>
        /// <returns>The URL ending in <c>/v2/</c>.</returns>
        /// <exception cref="ArgumentException">The URL is empty, not absolute, not https (outside loopback), or carries a query, fragment or user info.</exception>
        public static string Normalize(string? baseUrl)
        {
            if (string.IsNullOrWhiteSpace(baseUrl))
            {
                throw new ArgumentException("The Gong base URL is empty; use " + GongLimits.DefaultHost + " or your tenant's host, such as https://us-12345.api.gong.io.", nameof(baseUrl));
            }

            if (!Uri.TryCreate(baseUrl!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException("The Gong base URL '" + baseUrl + "' is not an absolute http(s) URL; use " + GongLimits.DefaultHost + " or your tenant's host.", nameof(baseUrl));
            }

            return Normalize(uri);
        }

        /// <summary>Checks and normalises a base URL.</summary>
        /// <param name="baseUrl">The URL, with or without <c>/v2</c> and a trailing slash.</param>
        /// <returns>The URL ending in <c>/v2/</c>.</returns>
        /// <exception cref="ArgumentException">The URL is not absolute, not https (outside loopback), or carries a query, fragment or user info.</exception>
        public static string Normalize(Uri baseUrl)
        {
            if (baseUrl == null)
            {
                throw new ArgumentNullException(nameof(baseUrl), "The Gong base URL is null.");
            }

            if (!baseUrl.IsAbsoluteUri)
            {
                throw new ArgumentException("The Gong base URL '" + baseUrl + "' is not absolute; use " + GongLimits.DefaultHost + " or your tenant's host.", nameof(baseUrl));
            }

            CheckScheme(baseUrl, nameof(baseUrl));
            if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
            {
                throw new ArgumentException("The Gong base URL must not carry a query, a fragment or user info; put credentials in a GongCredential.", nameof(baseUrl));
            }

            var path = baseUrl.AbsolutePath.TrimEnd('/');
            if (!path.EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
            {
                path += "/v2";
            }

            return baseUrl.GetLeftPart(UriPartial.Authority) + path + "/";
        }

        /// <summary><see langword="true"/> when the host is a loopback address (<c>localhost</c>, 127.0.0.0/8 or <c>[::1]</c>).</summary>
        /// <param name="uri">An absolute URL.</param>
        /// <returns>Whether plain http is allowed for it.</returns>
        public static bool IsLoopback(Uri uri) => uri != null && uri.IsAbsoluteUri && uri.IsLoopback;

        internal static void CheckScheme(Uri uri, string parameterName)
        {
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return;
            }

            if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))
            {
                return;
            }

            throw new ArgumentException("The Gong base URL must use https: '" + uri.GetLeftPart(UriPartial.Authority) + "' would send credentials and personal data in clear text. Plain http is allowed only for a loopback host.", parameterName);
        }
    }
}
