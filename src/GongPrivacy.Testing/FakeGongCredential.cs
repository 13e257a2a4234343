namespace GongPrivacy.Testing
{
    /// <summary>The kind of credential a request carried (never the credential itself).</summary>
    public enum FakeGongCredential
    {
        /// <summary>No <c>Authorization</c> header.</summary>
        None,

        /// <summary>HTTP Basic: an access key and secret (or an OAuth app's id and secret at the token endpoint).</summary>
        Basic,

        /// <summary>An OAuth bearer token.</summary>
        Bearer,

        /// <summary>Another scheme.</summary>
        Other,
    }
}
