using System.Collections.Generic;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// The generated client with the one check NSwag has no hook for: a 2xx body is Gong's answer only when it carries
    /// Gong's <c>requestId</c> (every Gong answer does). It overrides the generated <c>ReadObjectResponseAsync</c>, NSwag's
    /// virtual reader, so a gateway's <c>{}</c> is neither an accepted erasure nor "nothing found", and a body that cannot
    /// be read is told to the attempt observer with its final outcome.
    /// </summary>
    internal sealed class GongAnswerCheckedClient : GongDataPrivacyClient
    {
        public GongAnswerCheckedClient(GongClientSetup setup)
            : base(setup)
        {
        }

        protected override async Task<ObjectResponseResult<T>> ReadObjectResponseAsync<T>(HttpResponseMessage response, IReadOnlyDictionary<string, IEnumerable<string>> headers, CancellationToken cancellationToken)
        {
            ObjectResponseResult<T> result;
            try
            {
                result = await base.ReadObjectResponseAsync<T>(response, headers, cancellationToken).ConfigureAwait(false);
            }
            catch (GongApiException failed)
            {
                Http.GongRequestContext.BodyFailed(response, failed.Outcome, failed.Cause);
                throw;
            }

            if (!RequestIdOf<T>.IsCarriedBy(result.Object))
            {
                throw GongExceptions.WithoutRequestId(response);
            }

            return result;
        }

        /// <summary>Whether a model read from an answer carries a <c>requestId</c>: its own property, or an unknown field of that name.</summary>
        private static class RequestIdOf<T>
        {
            private static readonly PropertyInfo? Typed = typeof(T).GetProperty("RequestId", BindingFlags.Public | BindingFlags.Instance);
            private static readonly PropertyInfo? Additional = typeof(T).GetProperty("AdditionalProperties", BindingFlags.Public | BindingFlags.Instance);

            public static bool IsCarriedBy(T model)
            {
                if (model == null)
                {
                    return false;
                }

                if (Typed != null && Typed.PropertyType == typeof(string))
                {
                    return !string.IsNullOrWhiteSpace((string?)Typed.GetValue(model));
                }

                return Additional?.GetValue(model) is IDictionary<string, object> extra && extra.TryGetValue("requestId", out var id) && !string.IsNullOrWhiteSpace(id?.ToString());
            }
        }
    }
}
