using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GongPrivacy.Benchmarks.Stj
{
    // Equivalent POCOs for the System.Text.Json reference: the same fields, open strings, any-JSON field values.
    public sealed class DataForEmailAddress
    {
        [JsonPropertyName("requestId")] public string? RequestId { get; set; }
        [JsonPropertyName("emails")] public List<EmailMessage> Emails { get; set; } = new();
        [JsonPropertyName("calls")] public List<CallReference> Calls { get; set; } = new();
        [JsonPropertyName("meetings")] public List<Meeting> Meetings { get; set; } = new();
        [JsonPropertyName("customerData")] public List<CustomerData> CustomerData { get; set; } = new();
        [JsonPropertyName("customerEngagement")] public List<CustomerEngagement> CustomerEngagement { get; set; } = new();
    }

    public sealed class EmailMessage
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("from")] public string? From { get; set; }
        [JsonPropertyName("sentTime")] public DateTimeOffset? SentTime { get; set; }
        [JsonPropertyName("mailbox")] public string? Mailbox { get; set; }
        [JsonPropertyName("messageHash")] public string? MessageHash { get; set; }
    }

    public sealed class CallReference
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("externalSystems")] public List<ExternalSystem> ExternalSystems { get; set; } = new();
    }

    public sealed class ExternalSystem
    {
        [JsonPropertyName("system")] public string? System { get; set; }
        [JsonPropertyName("objects")] public List<ExternalSystemObject> Objects { get; set; } = new();
    }

    public sealed class ExternalSystemObject
    {
        [JsonPropertyName("objectType")] public string? ObjectType { get; set; }
        [JsonPropertyName("externalId")] public string? ExternalId { get; set; }
    }

    public sealed class Meeting
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
    }

    public sealed class CustomerData
    {
        [JsonPropertyName("system")] public string? System { get; set; }
        [JsonPropertyName("objects")] public List<CustomerDataObject> Objects { get; set; } = new();
    }

    public sealed class CustomerDataObject
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("objectType")] public string? ObjectType { get; set; }
        [JsonPropertyName("externalId")] public string? ExternalId { get; set; }
        [JsonPropertyName("mirrorId")] public string? MirrorId { get; set; }
        [JsonPropertyName("fields")] public List<ContextField> Fields { get; set; } = new();
    }

    public sealed class ContextField
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("value")] public JsonElement Value { get; set; }
    }

    public sealed class CustomerEngagement
    {
        [JsonPropertyName("eventType")] public string? EventType { get; set; }
        [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
        [JsonPropertyName("contentId")] public string? ContentId { get; set; }
        [JsonPropertyName("contentUrl")] public string? ContentUrl { get; set; }
        [JsonPropertyName("reportingSystem")] public string? ReportingSystem { get; set; }
        [JsonPropertyName("eventName")] public string? EventName { get; set; }
        [JsonPropertyName("sourceEventId")] public string? SourceEventId { get; set; }
    }

    [JsonSerializable(typeof(DataForEmailAddress))]
    public sealed partial class StjContext : JsonSerializerContext
    {
    }
}
