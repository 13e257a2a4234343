using System.Diagnostics;

namespace GongPrivacy
{
    /// <summary>The names under which the client emits telemetry.</summary>
    internal static class GongTelemetry
    {
        /// <summary>The name of the <see cref="ActivitySource"/> and of the loggers: <c>GongPrivacy</c>. Add it to your OpenTelemetry tracer.</summary>
        public const string SourceName = "GongPrivacy";

        /// <summary>The source of one span per call. Its tags hold no email address, phone number or credential.</summary>
        internal static readonly ActivitySource Source = new ActivitySource(SourceName, typeof(GongTelemetry).Assembly.GetName().Version?.ToString());
    }
}
