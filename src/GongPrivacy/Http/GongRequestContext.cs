using System.Net.Http;

namespace GongPrivacy.Http
{
    /// <summary>
    /// What the client's handlers learn about one call, carried on its <see cref="HttpRequestMessage"/> (its options)
    /// so that the exception built from the response, or from the failure, says exactly what happened.
    /// </summary>
    internal sealed class GongCallState
    {
        /// <summary>
        /// The caller's cancellation token, recorded by the client before sending. <see cref="HttpClient"/> gives handlers a
        /// linked token; a cancellation exception carries the caller's own so that it reaches the caller unwrapped.
        /// </summary>
        public System.Threading.CancellationToken CallerToken { get; set; }

        /// <summary>The attempt in progress, or the number made once the call is over (1 when nothing was retried).</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>Whether the attempt in progress was handed to the transport (the connection may still fail before anything is written).</summary>
        public bool AttemptHandedToTransport { get; set; }

        /// <summary>Whether the attempt in progress certainly never left the process (a refused connection, a name not found, a TLS failure).</summary>
        public bool AttemptNotSent { get; set; }

        /// <summary>
        /// Whether any attempt of this call may have been acted on by Gong: it was sent and no answer came back, or the
        /// answer was one that does not rule it out (2xx, 500, 502, 504 and other 5xx but 503).
        /// </summary>
        public bool MayHaveReachedGong { get; set; }
    }

    /// <summary>Reads and writes the <see cref="GongCallState"/> of a request.</summary>
    internal static class GongRequestContext
    {
        private const string StateKey = "GongPrivacy.CallState";

#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<GongCallState> Key = new HttpRequestOptionsKey<GongCallState>(StateKey);

        public static GongCallState State(HttpRequestMessage request)
        {
            if (!request.Options.TryGetValue(Key, out var state))
            {
                state = new GongCallState();
                request.Options.Set(Key, state);
            }

            return state;
        }

        public static GongCallState? Find(HttpRequestMessage? request) =>
            request != null && request.Options.TryGetValue(Key, out var state) ? state : null;
#else
        public static GongCallState State(HttpRequestMessage request)
        {
            if (!(request.Properties.TryGetValue(StateKey, out var value) && value is GongCallState state))
            {
                state = new GongCallState();
                request.Properties[StateKey] = state;
            }

            return state;
        }

        public static GongCallState? Find(HttpRequestMessage? request) =>
            request != null && request.Properties.TryGetValue(StateKey, out var value) ? value as GongCallState : null;
#endif

        /// <summary>The attempt number of a request, for the log line; 1 when the request carries no state.</summary>
        public static int GetAttempt(HttpRequestMessage? request) => Find(request)?.Attempts ?? 1;

        /// <summary>Whether an answer with this status rules out that Gong acted on the request: any 4xx, and 503.</summary>
        public static bool IsRefusal(int status) => (status >= 400 && status < 500) || status == 503;
    }
}
