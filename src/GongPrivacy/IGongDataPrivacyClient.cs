using System;

namespace GongPrivacy
{
    /// <summary>
    /// Gong's Data Privacy API: the four operations are generated from Gong's own OpenAPI document (their documentation is
    /// Gong's); this part adds what a client needs beside them. Create one with <see cref="GongDataPrivacy.CreateClient(GongCredential, Uri?)"/>
    /// or <c>services.AddGongDataPrivacyClient(…)</c>; mock this interface in tests of code that uses it. Thread-safe.
    /// </summary>
    public partial interface IGongDataPrivacyClient : IDisposable
    {
        /// <summary>
        /// Today's count of calls against Gong's daily quota, shared by every client of the same tenant and credential in its
        /// scope; <see langword="null"/> when the counter is off (<c>RateLimit.DailyQuota = 0</c>) or the
        /// <see cref="System.Net.Http.HttpClient"/> is your own.
        /// </summary>
        GongDailyQuota? DailyQuota { get; }
    }
}
