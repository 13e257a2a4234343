using System.Threading;
using System.Threading.Tasks;

namespace GongPrivacy.Cli.Gong
{
    /// <summary>The lookup of a subject, by its kind.</summary>
    internal static class Lookups
    {
        /// <summary>Looks a subject up: what Gong holds for the address or the number.</summary>
        public static async Task<ISubjectReferences> LookUpAsync(this IGongDataPrivacyClient client, Subject subject, CancellationToken token) =>
            subject.Kind == SubjectKind.Email
                ? await client.GetDataForEmailAddressAsync(subject.Value, token).ConfigureAwait(false)
                : await client.GetDataForPhoneNumberAsync(subject.Value, token).ConfigureAwait(false);
    }
}
