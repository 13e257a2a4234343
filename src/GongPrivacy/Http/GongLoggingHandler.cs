using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GongPrivacy.Internal;
using Microsoft.Extensions.Logging;

namespace GongPrivacy.Http
{
    /// <summary>
    /// Logs one line per attempt: method, path, masked subject, status, elapsed time, Gong's request id and the
    /// attempt number. Never the query, the <c>Authorization</c> header or a body.
    /// </summary>
    internal sealed class GongLoggingHandler : DelegatingHandler
    {
        private const string CompletedTemplate = "Gong {Method} {Path} subject {Subject} answered {StatusCode} in {ElapsedMs} ms, request id {RequestId}, attempt {Attempt}";
        private const string FailedTemplate = "Gong {Method} {Path} subject {Subject} failed with {Failure} after {ElapsedMs} ms, attempt {Attempt}";

        private readonly ILogger _logger;
        private readonly TimeProvider _time;

        public GongLoggingHandler(ILogger logger, TimeProvider timeProvider)
        {
            _logger = logger;
            _time = timeProvider;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = _time.GetTimestamp();
            var attempt = GongRequestContext.GetAttempt(request);
            var method = request.Method.Method;
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var requestId = response.Headers.TryGetValues(GongApiException.TraceIdHeader, out var values) ? values.FirstOrDefault() ?? "(none)" : "(none)";
                    _logger.Log(LogLevel.Information, new EventId(1, "GongRequest"), CompletedTemplate, method, path, MaskedSubject(request.RequestUri), (int)response.StatusCode, Elapsed(started), requestId, attempt);
                }

                return response;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException)
            {
                _logger.Log(LogLevel.Warning, new EventId(2, "GongRequestFailed"), FailedTemplate, method, path, MaskedSubject(request.RequestUri), ex.GetType().Name, Elapsed(started), attempt);
                throw;
            }
        }

        /// <summary>The email address or phone number in the query, masked; <c>(none)</c> when the query has neither.</summary>
        internal static string MaskedSubject(Uri? uri)
        {
            if (uri == null || !uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.Query))
            {
                return "(none)";
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var name = pair.Substring(0, equals);
                var value = Uri.UnescapeDataString(pair.Substring(equals + 1));
                if (name == "emailAddress")
                {
                    return GongRedaction.MaskEmail(value);
                }

                if (name == "phoneNumber")
                {
                    return GongRedaction.MaskPhone(value);
                }
            }

            return "(none)";
        }

        private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;
    }
}
