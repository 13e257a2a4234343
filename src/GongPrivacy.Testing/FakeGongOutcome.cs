namespace GongPrivacy.Testing
{
    /// <summary>How the fake ended a request.</summary>
    public enum FakeGongOutcome
    {
        /// <summary>An answer was sent (see <see cref="FakeGongRequest.Status"/>).</summary>
        Answered,

        /// <summary>The connection was dropped before the request was accepted: nothing was done, nothing was answered.</summary>
        DroppedBeforeAccepting,

        /// <summary>The request was accepted (an erase was recorded), then the connection was dropped without an answer.</summary>
        DroppedAfterAccepting,
    }
}
