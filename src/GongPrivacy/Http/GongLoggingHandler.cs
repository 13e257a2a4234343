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
        private const string CompletedTemplate = "Gong {Method} {Path} subject {Subject} answered {StatusCode} ({Outcome}) in {ElapsedMs} ms, request id {RequestId}, attempt {Attempt}";
        private const string FailedTemplate = "Gong {Method} {Path} subject {Subject} failed: {Failure} ({Outcome}) after {ElapsedMs} ms, attempt {Attempt}";

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
                    var outcome = GongRequestContext.Find(request)?.LastAttempt;
                    _logger.Log(LogLevel.Information, new EventId(1, "GongRequest"), CompletedTemplate, method, path, MaskedSubject(request.RequestUri), (int)response.StatusCode, outcome?.Outcome, Elapsed(started), outcome?.RequestId ?? "(none)", attempt);
                }

                return response;
            }
            catch (Exception ex) when (!(ex is GongObserverFailedException))
            {
                var outcome = GongRequestContext.Find(request)?.LastAttempt;
                _logger.Log(LogLevel.Warning, new EventId(2, "GongRequestFailed"), FailedTemplate, method, path, MaskedSubject(request.RequestUri), outcome?.Failure ?? ex.GetType().Name, outcome?.Outcome, Elapsed(started), attempt);
                throw;
            }
        }

        internal static string MaskedSubject(Uri? uri)
        {
            var (parameter, value) = GongRequestContext.SubjectOf(uri);
            return parameter == null ? "(none)" : parameter == "emailAddress" ? GongRedaction.MaskEmail(value) : GongRedaction.MaskPhone(value);
        }

        private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;
    }
}
