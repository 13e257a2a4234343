using System.Globalization;
using System.Net.Http;

namespace GongPrivacy
{
    /// <summary>The token endpoint answered 408, 429 or 503: it refused the request before doing anything, so no grant was spent.</summary>
    internal sealed class GongTokenEndpointBusyException : HttpRequestException
    {
        public GongTokenEndpointBusyException(int status)
            : base("The token endpoint answered HTTP " + status.ToString(CultureInfo.InvariantCulture) + " (busy or rate-limited; nothing was spent).")
        {
            Status = status;
        }

        public int Status { get; }
    }
}
