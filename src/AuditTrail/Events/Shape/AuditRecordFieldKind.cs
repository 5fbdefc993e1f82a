namespace AuditTrail;

/// <summary>What a stored field of an <see cref="AuditRecord"/> holds, which decides how a store writes and reads it.</summary>
public enum AuditRecordFieldKind
{
    /// <summary>The event id, a <see cref="Guid"/> (<see cref="AuditRecordField.GetId"/>).</summary>
    Id,

    /// <summary>A UTC time at microsecond precision (<see cref="AuditRecordField.GetTime"/>).</summary>
    Time,

    /// <summary>Free text (<see cref="AuditRecordField.GetText"/>).</summary>
    Text,

    /// <summary>An enum value, stored as its name (<see cref="AuditRecordField.GetText"/>, <see cref="AuditEnumNames"/>).</summary>
    Enum,

    /// <summary>The changes, stored as a JSON array (<see cref="AuditRecordField.GetChanges"/>, <see cref="AuditStoredJson.FormatChanges"/>).</summary>
    Changes,

    /// <summary>The metadata, stored as a JSON object (<see cref="AuditRecordField.GetMetadata"/>, <see cref="AuditStoredJson.FormatMetadata"/>).</summary>
    Metadata,
}
