namespace GongPrivacy.Testing
{
    /// <summary>What a request to the fake asked for.</summary>
    public enum FakeGongOperation
    {
        /// <summary>Anything else: answered 404.</summary>
        Unknown,

        /// <summary><c>GET /v2/data-privacy/data-for-email-address</c>.</summary>
        LookupEmail,

        /// <summary><c>GET /v2/data-privacy/data-for-phone-number</c>.</summary>
        LookupPhone,

        /// <summary><c>POST /v2/data-privacy/erase-data-for-email-address</c>.</summary>
        EraseEmail,

        /// <summary><c>POST /v2/data-privacy/erase-data-for-phone-number</c>.</summary>
        ErasePhone,

        /// <summary><c>POST /oauth2/generate-customer-token</c>: a code exchange or a refresh.</summary>
        Token,

        /// <summary><c>GET /oauth2/authorize</c>: the authorization page.</summary>
        Authorize,
    }
}
