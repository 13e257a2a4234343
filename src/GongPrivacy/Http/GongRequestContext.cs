using System.Net.Http;

namespace GongPrivacy.Http
{
    /// <summary>Carries the attempt number of a request between the client's handlers.</summary>
    internal static class GongRequestContext
    {
        /// <summary>The response header in which the retry handler tells the client how many attempts were made.</summary>
        public const string AttemptsHeader = "X-GongPrivacy-Attempts";

        private const string AttemptKey = "GongPrivacy.Attempt";

#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<int> Key = new HttpRequestOptionsKey<int>(AttemptKey);

        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Options.Set(Key, attempt);

        public static int GetAttempt(HttpRequestMessage? request) => request != null && request.Options.TryGetValue(Key, out var attempt) ? attempt : 1;
#else
        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Properties[AttemptKey] = attempt;

        public static int GetAttempt(HttpRequestMessage? request) => request != null && request.Properties.TryGetValue(AttemptKey, out var attempt) && attempt is int value ? value : 1;
#endif

        public static void MarkAttempts(HttpResponseMessage response, int attempts)
        {
            response.Headers.Remove(AttemptsHeader);
            response.Headers.TryAddWithoutValidation(AttemptsHeader, attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
