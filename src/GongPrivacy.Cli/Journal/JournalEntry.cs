using System;
using System.Collections.Generic;
using GongPrivacy.Cli.Gong;
using GongPrivacy.Cli.Rows;
using GongPrivacy.Cli.Runs;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>One line of the audit journal (JSON Lines). It holds no raw email address or phone number.</summary>
    internal sealed class JournalEntry
    {
        [JsonProperty("ts")] public DateTimeOffset Timestamp { get; set; }

        /// <summary>The event's name as written (<see cref="JournalEvents"/>); an entry of an older version keeps its own.</summary>
        [JsonProperty("event")] public string EventName { get; set; } = "";

        /// <summary>What the entry records.</summary>
        [JsonIgnore]
        public JournalEvent Event
        {
            get => JournalEvents.Parse(EventName);
            set => EventName = value.Name();
        }

        [JsonProperty("run", NullValueHandling = NullValueHandling.Ignore)] public string? Run { get; set; }

        /// <summary>The command of the run: <c>erase</c>, <c>lookup</c> or <c>verify</c>.</summary>
        [JsonProperty("action", NullValueHandling = NullValueHandling.Ignore)] public string? Action { get; set; }

        /// <summary>On <c>run-start</c>: a single command (<c>erase</c>, <c>verify</c>) rather than a batch.</summary>
        [JsonProperty("single", NullValueHandling = NullValueHandling.Ignore)] public bool? Single { get; set; }

        /// <summary>On <c>run-start</c>: the run continues an earlier one (<c>--resume</c>).</summary>
        [JsonProperty("resume", NullValueHandling = NullValueHandling.Ignore)] public bool? Resume { get; set; }

        [JsonProperty("line", NullValueHandling = NullValueHandling.Ignore)] public int? Line { get; set; }

        [JsonProperty("kind", NullValueHandling = NullValueHandling.Ignore)] public string? Kind { get; set; }

        /// <summary>The subject, masked, for a person reading the journal.</summary>
        [JsonProperty("subject", NullValueHandling = NullValueHandling.Ignore)] public string? Subject { get; set; }

        /// <summary>A keyed hash (HMAC-SHA256) of the subject, to match rows on resume without keeping the value.</summary>
        [JsonProperty("key", NullValueHandling = NullValueHandling.Ignore)] public string? Key { get; set; }

        /// <summary>On a row's entries: where the row stands after this entry, in the one vocabulary of rows.</summary>
        [JsonProperty("state", NullValueHandling = NullValueHandling.Ignore), JsonConverter(typeof(RowStateConverter))] public RowState? State { get; set; }

        /// <summary>On <c>sent</c> and <c>answered</c>: the attempt's number within its call, from 1.</summary>
        [JsonProperty("attempt", NullValueHandling = NullValueHandling.Ignore)] public int? Attempt { get; set; }

        [JsonProperty("requestId", NullValueHandling = NullValueHandling.Ignore)] public string? RequestId { get; set; }

        /// <summary>An entry of an older version: its outcome word (<c>accepted</c>, <c>found</c>, <c>none</c>).</summary>
        [JsonProperty("outcome", NullValueHandling = NullValueHandling.Ignore)] public string? Outcome { get; set; }

        /// <summary>Gong's HTTP status, for a person (what it means is in <see cref="GongOutcome"/> and <see cref="Cause"/>).</summary>
        [JsonProperty("status", NullValueHandling = NullValueHandling.Ignore)] public int? Status { get; set; }

        /// <summary>An entry of an older version: whether a resume sent the row again.</summary>
        [JsonProperty("retryable", NullValueHandling = NullValueHandling.Ignore)] public bool? Retryable { get; set; }

        [JsonProperty("detail", NullValueHandling = NullValueHandling.Ignore)] public string? Detail { get; set; }

        /// <summary>Counts per category (a lookup), per state (<c>run-end</c>), or of the CSV's rows (<c>run-start</c>).</summary>
        [JsonProperty("counts", NullValueHandling = NullValueHandling.Ignore)] public Dictionary<string, int>? Counts { get; set; }

        /// <summary>On <c>run-start</c> of a batch: the CSV's fingerprint.</summary>
        [JsonProperty("source", NullValueHandling = NullValueHandling.Ignore)] public string? Source { get; set; }

        /// <summary>The fingerprint of the journal's key (an HMAC of a fixed label, never the key), on <c>journal-created</c> and <c>run-start</c>.</summary>
        [JsonProperty("keyId", NullValueHandling = NullValueHandling.Ignore)] public string? KeyId { get; set; }

        /// <summary>On <c>journal-created</c>: the fingerprint of the journal's public signing key (its digests are signed with the private one).</summary>
        [JsonProperty("signingKey", NullValueHandling = NullValueHandling.Ignore)] public string? SigningKeyId { get; set; }

        /// <summary>On <c>journal-created</c> of a journal keyed by a passphrase: how the keys were derived from it (salt, work factor).</summary>
        [JsonProperty("kdf", NullValueHandling = NullValueHandling.Ignore)] public JournalKdf? Kdf { get; set; }

        /// <summary>The library's outcome of an attempt (<c>answered</c>) or of a call (<c>end</c>).</summary>
        [JsonProperty("gongOutcome", NullValueHandling = NullValueHandling.Ignore), JsonConverter(typeof(StringEnumConverter))] public GongOutcome? GongOutcome { get; set; }

        /// <summary>The library's reason for it (<see cref="GongPrivacy.GongCause"/>).</summary>
        [JsonProperty("cause", NullValueHandling = NullValueHandling.Ignore), JsonConverter(typeof(StringEnumConverter))] public GongCause? Cause { get; set; }

        /// <summary>On <c>run-end</c>: why the run stopped (<see cref="Runs.StopReason"/>).</summary>
        [JsonProperty("stop", NullValueHandling = NullValueHandling.Ignore)] public string? Stop { get; set; }

        /// <summary>On <c>run-start</c>: where its calls go (a host, or "the embedded sandbox"); on <c>host-changed</c>: the new host.</summary>
        [JsonProperty("host", NullValueHandling = NullValueHandling.Ignore)] public string? Host { get; set; }

        /// <summary>On <c>run-start</c>: <c>sandbox</c> or <c>production</c>.</summary>
        [JsonProperty("environment", NullValueHandling = NullValueHandling.Ignore)] public string? Environment { get; set; }

        /// <summary>On <c>run-start</c>: the user name of the operating-system account that ran it.</summary>
        [JsonProperty("operator", NullValueHandling = NullValueHandling.Ignore)] public string? Operator { get; set; }

        /// <summary>On <c>run-start</c>: the company (the controller) from <c>GONG_PRIVACY_CONTROLLER_NAME</c>, when set.</summary>
        [JsonProperty("company", NullValueHandling = NullValueHandling.Ignore)] public string? Company { get; set; }

        /// <summary>On <c>run-start</c>: the tool's version.</summary>
        [JsonProperty("version", NullValueHandling = NullValueHandling.Ignore)] public string? Version { get; set; }

        /// <summary>On <c>run-start</c> of a batch: its <c>--max-in-flight</c>.</summary>
        [JsonProperty("maxInFlight", NullValueHandling = NullValueHandling.Ignore)] public int? MaxInFlight { get; set; }

        /// <summary>On a plan's lookup: the row's flags (<c>other-people</c>, <c>crm-still-holds</c>, <c>large</c>); on <c>approved</c>: the flags approved.</summary>
        [JsonProperty("flags", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Flags { get; set; }

        /// <summary>On a lookup that found data: the systems (<c>customerData[].system</c>: Salesforce, HubSpot, …) that hold the subject.</summary>
        [JsonProperty("systems", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Systems { get; set; }

        /// <summary>On a plan's lookup of a number: the matching numbers that are not the subject's, and the addresses of the leads and contacts that hold it, masked.</summary>
        [JsonProperty("matches", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Matches { get; set; }

        /// <summary>The plan's id: on <c>plan</c> and <c>approved</c>, and on the run-start and row entries of an erase run under it.</summary>
        [JsonProperty("plan", NullValueHandling = NullValueHandling.Ignore)] public string? Plan { get; set; }

        /// <summary>On <c>plan</c>: the plan file's content hash (SHA-256).</summary>
        [JsonProperty("hash", NullValueHandling = NullValueHandling.Ignore)] public string? Hash { get; set; }

        /// <summary>On <c>run-start</c> of a batch: the CSV's full path (not personal data), so a later run can find it.</summary>
        [JsonProperty("csv", NullValueHandling = NullValueHandling.Ignore)] public string? Csv { get; set; }

        /// <summary>The entry's number in the hash chain, from 1 (see <see cref="JournalChain"/>).</summary>
        [JsonProperty("n", NullValueHandling = NullValueHandling.Ignore)] public long? Number { get; set; }

        /// <summary>A copy, for the reading of an older entry.</summary>
        public JournalEntry Copy() => (JournalEntry)MemberwiseClone();
    }

    /// <summary>Writes and reads a <see cref="RowState"/> by its name in <see cref="RowStates"/>.</summary>
    internal sealed class RowStateConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(RowState) || objectType == typeof(RowState?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null)
            {
                return null;
            }

            return RowStates.TryParse(reader.Value as string, out var state) ? state : throw new JsonSerializationException("Unknown row state.");
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is RowState state)
            {
                writer.WriteValue(state.Name());
            }
            else
            {
                writer.WriteNull();
            }
        }
    }
}
