using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace GongPrivacy.Cli
{
    /// <summary>One line of the audit journal (JSON Lines). It holds no raw email address or phone number.</summary>
    internal sealed class JournalEntry
    {
        [JsonProperty("ts")] public DateTimeOffset Timestamp { get; set; }

        /// <summary>One of <see cref="JournalEvents"/>.</summary>
        [JsonProperty("event")] public string Event { get; set; } = "";

        [JsonProperty("run", NullValueHandling = NullValueHandling.Ignore)] public string? Run { get; set; }

        [JsonProperty("action", NullValueHandling = NullValueHandling.Ignore)] public string? Action { get; set; }

        [JsonProperty("line", NullValueHandling = NullValueHandling.Ignore)] public int? Line { get; set; }

        [JsonProperty("kind", NullValueHandling = NullValueHandling.Ignore)] public string? Kind { get; set; }

        /// <summary>The subject, masked, for a person reading the journal.</summary>
        [JsonProperty("subject", NullValueHandling = NullValueHandling.Ignore)] public string? Subject { get; set; }

        /// <summary>A keyed hash (HMAC-SHA256) of the subject, to match rows on resume without keeping the value.</summary>
        [JsonProperty("key", NullValueHandling = NullValueHandling.Ignore)] public string? Key { get; set; }

        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)] public string? RequestId { get; set; }

        [JsonProperty("outcome", NullValueHandling = NullValueHandling.Ignore)] public string? Outcome { get; set; }

        [JsonProperty("status", NullValueHandling = NullValueHandling.Ignore)] public int? Status { get; set; }

        [JsonProperty("retryable", NullValueHandling = NullValueHandling.Ignore)] public bool? Retryable { get; set; }

        [JsonProperty("detail", NullValueHandling = NullValueHandling.Ignore)] public string? Detail { get; set; }

        [JsonProperty("counts", NullValueHandling = NullValueHandling.Ignore)] public Dictionary<string, int>? Counts { get; set; }

        [JsonProperty("source", NullValueHandling = NullValueHandling.Ignore)] public string? Source { get; set; }

        /// <summary>The fingerprint of the journal's key (an HMAC of a fixed label, never the key), on <c>journal-created</c>, <c>batch-start</c> and <c>resume</c>.</summary>
        [JsonProperty("keyId", NullValueHandling = NullValueHandling.Ignore)] public string? KeyId { get; set; }

        /// <summary>The library's outcome of an attempt (<c>answered</c>) or of a call (<c>failed</c>): what a resume reads back.</summary>
        [JsonProperty("gongOutcome", NullValueHandling = NullValueHandling.Ignore), JsonConverter(typeof(StringEnumConverter))] public GongOutcome? GongOutcome { get; set; }

        /// <summary>On a run's opening entry: where its calls went (a host, or "the embedded sandbox").</summary>
        [JsonProperty("host", NullValueHandling = NullValueHandling.Ignore)] public string? Host { get; set; }

        /// <summary>On a run's opening entry: <c>sandbox</c> or <c>production</c>.</summary>
        [JsonProperty("environment", NullValueHandling = NullValueHandling.Ignore)] public string? Environment { get; set; }

        /// <summary>On a run's opening entry: the user name of the operating-system account that ran it.</summary>
        [JsonProperty("operator", NullValueHandling = NullValueHandling.Ignore)] public string? Operator { get; set; }

        /// <summary>On a run's opening entry: the company (the controller) from <c>GONG_PRIVACY_CONTROLLER_NAME</c>, when set.</summary>
        [JsonProperty("company", NullValueHandling = NullValueHandling.Ignore)] public string? Company { get; set; }

        /// <summary>On a run's opening entry: the tool's version.</summary>
        [JsonProperty("version", NullValueHandling = NullValueHandling.Ignore)] public string? Version { get; set; }

        /// <summary>On a batch run's opening entry: its <c>--max-in-flight</c>.</summary>
        [JsonProperty("maxInFlight", NullValueHandling = NullValueHandling.Ignore)] public int? MaxInFlight { get; set; }

        /// <summary>The entry's number in the hash chain, from 1 (see <see cref="JournalChain"/>).</summary>
        [JsonProperty("n", NullValueHandling = NullValueHandling.Ignore)] public long? Number { get; set; }
    }
}
