using System.Text.Json;

namespace AuditTrail.Internal;

/// <summary>
/// Writes an <see cref="AuditRecord"/> (and its changes or metadata alone) in exactly the shape
/// <c>JsonSerializer.Serialize(record, AuditJson.Options)</c> gives, property by property, without the serializer's
/// reflection-driven write stack: exports write a million records, and the serializer cost about 2 µs of CPU each
/// (docs/performance.md). Tests compare the two outputs record for record, so a property added to the record
/// and not here fails them.
/// </summary>
/// <remarks>The writer's encoder must be <see cref="AuditJson.Options"/>' (see <see cref="WriterOptions"/>), or strings are escaped differently.</remarks>
internal static class AuditRecordJsonWriter
{
    /// <summary>Writer options with the encoder of <see cref="AuditJson.Options"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = AuditJson.Options.Encoder };

    private static readonly JsonEncodedText Id = Name(nameof(AuditRecord.Id));
    private static readonly JsonEncodedText OccurredAt = Name(nameof(AuditRecord.OccurredAt));
    private static readonly JsonEncodedText RecordedAt = Name(nameof(AuditRecord.RecordedAt));
    private static readonly JsonEncodedText Actor = Name(nameof(AuditRecord.Actor));
    private static readonly JsonEncodedText ActorDisplayName = Name(nameof(AuditActor.DisplayName));
    private static readonly JsonEncodedText Type = Name(nameof(AuditActor.Type));
    private static readonly JsonEncodedText Action = Name(nameof(AuditRecord.Action));
    private static readonly JsonEncodedText ActionType = Name(nameof(AuditRecord.ActionType));
    private static readonly JsonEncodedText Outcome = Name(nameof(AuditRecord.Outcome));
    private static readonly JsonEncodedText FailureReason = Name(nameof(AuditRecord.FailureReason));
    private static readonly JsonEncodedText Resource = Name(nameof(AuditRecord.Resource));
    private static readonly JsonEncodedText ResourceName = Name(nameof(AuditResource.Name));
    private static readonly JsonEncodedText Description = Name(nameof(AuditRecord.Description));
    private static readonly JsonEncodedText Changes = Name(nameof(AuditRecord.Changes));
    private static readonly JsonEncodedText ChangeField = Name(nameof(AuditFieldChange.Field));
    private static readonly JsonEncodedText ChangeOldValue = Name(nameof(AuditFieldChange.OldValue));
    private static readonly JsonEncodedText ChangeNewValue = Name(nameof(AuditFieldChange.NewValue));
    private static readonly JsonEncodedText SourceIp = Name(nameof(AuditRecord.SourceIp));
    private static readonly JsonEncodedText UserAgent = Name(nameof(AuditRecord.UserAgent));
    private static readonly JsonEncodedText CorrelationId = Name(nameof(AuditRecord.CorrelationId));
    private static readonly JsonEncodedText TenantId = Name(nameof(AuditRecord.TenantId));
    private static readonly JsonEncodedText Metadata = Name(nameof(AuditRecord.Metadata));

    /// <summary>Writes the record as one JSON object.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, AuditRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, record.Id);
        writer.WriteString(OccurredAt, record.OccurredAt);
        writer.WriteString(RecordedAt, record.RecordedAt);

        writer.WriteStartObject(Actor);
        writer.WriteString(Id, record.Actor.Id);
        String(writer, ActorDisplayName, record.Actor.DisplayName);
        EnumName<AuditActorType>.Write(writer, Type, record.Actor.Type);
        writer.WriteEndObject();

        writer.WriteString(Action, record.Action);
        EnumName<AuditActionType>.Write(writer, ActionType, record.ActionType);
        EnumName<AuditOutcome>.Write(writer, Outcome, record.Outcome);
        String(writer, FailureReason, record.FailureReason);
        if (record.Resource is { } resource)
        {
            writer.WriteStartObject(Resource);
            writer.WriteString(Type, resource.Type);
            String(writer, Id, resource.Id);
            String(writer, ResourceName, resource.Name);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(Resource);
        }

        String(writer, Description, record.Description);
        writer.WritePropertyName(Changes);
        WriteChanges(writer, record.Changes);
        String(writer, SourceIp, record.SourceIp);
        String(writer, UserAgent, record.UserAgent);
        String(writer, CorrelationId, record.CorrelationId);
        String(writer, TenantId, record.TenantId);
        writer.WritePropertyName(Metadata);
        WriteMetadata(writer, record.Metadata);
        writer.WriteEndObject();
    }

    /// <summary>Writes the changes as a JSON array, as <c>JsonSerializer.Serialize(record.Changes, AuditJson.Options)</c> does.</summary>
    public static void WriteChanges(Utf8JsonWriter writer, IReadOnlyList<AuditFieldChange> changes)
    {
        writer.WriteStartArray();
        foreach (var change in changes)
        {
            writer.WriteStartObject();
            String(writer, ChangeField, change.Field);
            String(writer, ChangeOldValue, change.OldValue);
            String(writer, ChangeNewValue, change.NewValue);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the metadata as a JSON object in its own order, as <c>JsonSerializer.Serialize(record.Metadata, AuditJson.Options)</c> does.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> metadata)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in metadata)
        {
            String(writer, key, value);
        }

        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static JsonEncodedText Name(string property) =>
        JsonEncodedText.Encode(AuditJson.Options.PropertyNamingPolicy!.ConvertName(property), AuditJson.Options.Encoder);

    /// <summary>Each defined value's name, encoded once; an undefined value is written as its number, as the serializer's enum converter writes it.</summary>
    private static class EnumName<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, JsonEncodedText> Names =
            Enum.GetValues<TEnum>().ToDictionary(value => value, value => JsonEncodedText.Encode(value.ToString(), AuditJson.Options.Encoder));

        public static void Write(Utf8JsonWriter writer, JsonEncodedText name, TEnum value)
        {
            if (Names.TryGetValue(value, out var text))
            {
                writer.WriteString(name, text);
            }
            else
            {
                writer.WriteNumber(name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
