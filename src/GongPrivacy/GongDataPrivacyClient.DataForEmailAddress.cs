using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    /// <summary>
    /// The operations of <see cref="GongDataPrivacyClient"/>: the four generated from the committed spec and the
    /// ones hand-written from Gong's reference pages. Mock this interface in tests of code that uses the client.
    /// </summary>
    public partial interface IGongDataPrivacyClient
    {
        /// <summary>
        /// Finds every call, email message, meeting, CRM record and engagement event that references an email address
        /// (<c>GET /v2/data-privacy/data-for-email-address</c>). Needs the scope <c>api:data-privacy:read</c>.
        /// An address with no references gives empty collections, not an error.
        /// </summary>
        /// <param name="emailAddress">The data subject's email address, such as <c>a+b@example.com</c>; it is URL-encoded.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Everything Gong holds that references the address.</returns>
        /// <exception cref="System.ArgumentException">The address is null, empty, white space or not an address; nothing was sent.</exception>
        /// <exception cref="GongApiException">Gong answered with an error status or a body that could not be read.</exception>
        Task<DataForEmailAddressResponse> GetDataForEmailAddressAsync(string emailAddress, CancellationToken cancellationToken = default);
    }

    public partial class GongDataPrivacyClient
    {
        /// <inheritdoc />
        public virtual Task<DataForEmailAddressResponse> GetDataForEmailAddressAsync(string emailAddress, CancellationToken cancellationToken = default)
        {
            return SendAsync<DataForEmailAddressResponse>(BaseUrl, HttpMethod.Get, "data-privacy/data-for-email-address", "emailAddress", emailAddress, cancellationToken);
        }
    }
}
