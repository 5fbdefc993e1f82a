namespace AuditTrail;

/// <summary>What <see cref="AuditRecordFields"/> states about one field; <see cref="AuditRecordField"/> is built from it.</summary>
internal sealed record AuditRecordFieldDefinition(string Name, string Path, string Column, AuditRecordFieldKind Kind)
{
    public bool IsNullable { get; init; }

    public bool IsSearched { get; init; }

    public required int HashPosition { get; init; }

    public required int ExportPosition { get; init; }

    public required string ExportHeader { get; init; }

    public Func<AuditRecord, Guid>? Id { get; init; }

    public Func<AuditRecord, DateTimeOffset>? Time { get; init; }

    public Func<AuditRecord, string?>? Text { get; init; }
}
