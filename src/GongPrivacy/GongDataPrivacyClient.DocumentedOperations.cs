using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy
{
    public partial interface IGongDataPrivacyClient
    {
        /// <summary>
        /// Finds every call, email message, meeting and CRM record that references a phone number
        /// (<c>GET /v2/data-privacy/data-for-phone-number</c>). Needs the scope <c>api:data-privacy:read</c>.
        /// A number with no references gives empty collections, not an error.
        /// </summary>
        /// <param name="phoneNumber">
        /// The number with <c>+</c> and the country code, such as <c>+1 (425) 555-2671</c>. Gong ignores the other
        /// non-digit characters; the value is URL-encoded as given.
        /// </param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Everything Gong holds that references the number, and the numbers and addresses it matched.</returns>
        /// <exception cref="System.ArgumentException">The number is null, empty, lacks <c>+</c> and a country code, or holds letters; nothing was sent.</exception>
        /// <exception cref="GongApiException">Gong answered with an error status or a body that could not be read.</exception>
        Task<DataForPhoneNumberResponse> GetDataForPhoneNumberAsync(string phoneNumber, CancellationToken cancellationToken = default);

        /// <summary>
        /// Asks Gong to erase everything it holds that references an email address: calls, email messages,
        /// meetings, leads and contacts (<c>POST /v2/data-privacy/erase-data-for-email-address</c>, no body).
        /// Needs the scope <c>api:data-privacy:delete</c>. Irreversible.
        /// </summary>
        /// <remarks>
        /// <para>The erasure is asynchronous: Gong accepts the request and returns its id; deletion may take
        /// several hours, and no endpoint reports progress.</para>
        /// <para>Gong refuses to delete an abnormally large number of objects, as a data-integrity safeguard; such
        /// a request ends in <see cref="GongApiException"/>.</para>
        /// <para>Remove the subject from your CRM and email systems first, or Gong imports the data again.</para>
        /// <para>To verify, call <see cref="GetDataForEmailAddressAsync"/> again after the delay and expect
        /// <see cref="DataForSubjectResponse.IsEmpty"/>.</para>
        /// <para>Gong's erase is idempotent: sending the same request twice erases nothing more.</para>
        /// </remarks>
        /// <param name="emailAddress">The data subject's email address; it is URL-encoded.</param>
        /// <param name="cancellationToken">Cancels the call. A request already sent may still have been accepted.</param>
        /// <returns>Gong's request id for the erasure.</returns>
        /// <exception cref="System.ArgumentException">The address is null, empty, white space or not an address; nothing was sent.</exception>
        /// <exception cref="GongApiException">Gong refused the request or answered with a body that could not be read.</exception>
        Task<EraseDataResponse> EraseDataForEmailAddressAsync(string emailAddress, CancellationToken cancellationToken = default);

        /// <summary>
        /// Asks Gong to erase everything it holds that references a phone number: leads and contacts whose phone or
        /// mobile number matches, with their emails and calls (<c>POST /v2/data-privacy/erase-data-for-phone-number</c>,
        /// no body). Needs the scope <c>api:data-privacy:delete</c>. Irreversible.
        /// </summary>
        /// <remarks>
        /// <para>The erasure is asynchronous: Gong accepts the request and returns its id; deletion may take
        /// several hours, and no endpoint reports progress.</para>
        /// <para>Gong refuses to delete an abnormally large number of objects, as a data-integrity safeguard; such
        /// a request ends in <see cref="GongApiException"/>.</para>
        /// <para>Remove the subject from your CRM and telephony systems first, or Gong imports the data again.</para>
        /// <para>To verify, call <see cref="GetDataForPhoneNumberAsync"/> again after the delay and expect
        /// <see cref="DataForSubjectResponse.IsEmpty"/>.</para>
        /// <para>Gong's erase is idempotent: sending the same request twice erases nothing more.</para>
        /// </remarks>
        /// <param name="phoneNumber">The number with <c>+</c> and the country code; it is URL-encoded as given.</param>
        /// <param name="cancellationToken">Cancels the call. A request already sent may still have been accepted.</param>
        /// <returns>Gong's request id for the erasure.</returns>
        /// <exception cref="System.ArgumentException">The number is null, empty, lacks <c>+</c> and a country code, or holds letters; nothing was sent.</exception>
        /// <exception cref="GongApiException">Gong refused the request or answered with a body that could not be read.</exception>
        Task<EraseDataResponse> EraseDataForPhoneNumberAsync(string phoneNumber, CancellationToken cancellationToken = default);
    }

    public partial class GongDataPrivacyClient
    {
        /// <inheritdoc />
        public virtual Task<DataForPhoneNumberResponse> GetDataForPhoneNumberAsync(string phoneNumber, CancellationToken cancellationToken = default)
        {
            return SendAsync<DataForPhoneNumberResponse>(BaseUrl, HttpMethod.Get, "data-privacy/data-for-phone-number", "phoneNumber", phoneNumber, cancellationToken);
        }

        /// <inheritdoc />
        public virtual Task<EraseDataResponse> EraseDataForEmailAddressAsync(string emailAddress, CancellationToken cancellationToken = default)
        {
            return SendAsync<EraseDataResponse>(BaseUrl, HttpMethod.Post, "data-privacy/erase-data-for-email-address", "emailAddress", emailAddress, cancellationToken);
        }

        /// <inheritdoc />
        public virtual Task<EraseDataResponse> EraseDataForPhoneNumberAsync(string phoneNumber, CancellationToken cancellationToken = default)
        {
            return SendAsync<EraseDataResponse>(BaseUrl, HttpMethod.Post, "data-privacy/erase-data-for-phone-number", "phoneNumber", phoneNumber, cancellationToken);
        }
    }
}
