namespace GongPrivacy
{
    /// <summary>
    /// Learns, for every call of a client, each attempt: right before it is handed to the network, and what it came to.
    /// Set it in <see cref="GongDataPrivacyOptions.AttemptObserver"/>, or register one in the service collection.
    /// </summary>
    /// <remarks>
    /// <para>Both methods run on the calling path, synchronously: the request waits for <see cref="OnSending"/>, so an
    /// observer can write "about to send" to durable storage before anything leaves the process. An exception thrown by
    /// <see cref="OnSending"/> stops the call before it is sent, and reaches the caller unchanged; one thrown by
    /// <see cref="OnCompleted"/> reaches the caller unchanged too (the attempt has already happened).</para>
    /// <para>The outcome an observer sees is the one the client acts on: the retry rules, <see cref="GongApiException.Outcome"/>
    /// and the log line read the same decision.</para>
    /// <para>Calls run concurrently: tell them apart by <see cref="GongAttempt.CallId"/> or <see cref="GongAttempt.Subject"/>.
    /// Keep the methods fast and thread-safe.</para>
    /// </remarks>
    public interface IGongAttemptObserver
    {
        /// <summary>The attempt is about to be handed to the network (after the rate limiter and the credential).</summary>
        /// <param name="attempt">The attempt; its <see cref="GongAttempt.Outcome"/> is <see langword="null"/>.</param>
        void OnSending(GongAttempt attempt);

        /// <summary>The attempt has an outcome: an answer, or a failure (including one before it could be sent).</summary>
        /// <param name="attempt">The attempt and its <see cref="GongAttempt.Outcome"/>.</param>
        void OnCompleted(GongAttempt attempt);
    }
}
