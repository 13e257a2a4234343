using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Starts one <see cref="Activity"/> per call (retries included) on the <c>GongPrivacy</c> source, so
    /// OpenTelemetry users get a span per call. Its tags hold no personal data: no query, no subject.
    /// </summary>
    internal sealed class GongActivityHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (var activity = GongTelemetry.Source.StartActivity("Gong " + request.Method.Method + " " + Operation(request.RequestUri), ActivityKind.Client))
            {
                if (activity == null)
                {
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }

                activity.SetTag("http.request.method", request.Method.Method);
                activity.SetTag("url.path", request.RequestUri?.AbsolutePath);
                activity.SetTag("server.address", request.RequestUri?.Host);
                try
                {
                    var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    activity.SetTag("http.response.status_code", (int)response.StatusCode);
                    var attempt = GongRequestContext.Find(request)?.LastAttempt;
                    activity.SetTag("gong.request_id", attempt?.RequestId);
                    activity.SetTag("gong.outcome", attempt?.Outcome?.ToString());
                    activity.SetTag("gong.attempts", GongRequestContext.GetAttempt(request));

                    if (attempt?.Outcome != GongOutcome.Success)
                    {
                        activity.SetTag("error.type", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        activity.SetStatus(ActivityStatusCode.Error);
                    }

                    return response;
                }
                catch (Exception ex)
                {
                    activity.SetTag("gong.attempts", GongRequestContext.GetAttempt(request));
                    activity.SetTag("gong.outcome", (ex as GongApiException)?.Outcome.ToString() ?? GongRequestContext.Find(request)?.LastAttempt?.Outcome?.ToString());
                    activity.SetTag("error.type", ex.GetType().FullName);
                    activity.SetStatus(ActivityStatusCode.Error);
                    throw;
                }
            }
        }

        private static string Operation(Uri? uri)
        {
            var path = uri?.AbsolutePath ?? string.Empty;
            var slash = path.LastIndexOf('/');
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
    }
}
