namespace AuditTrail;

/// <summary>A keyset position in the newest-first order: the last record of the previous page.</summary>
/// <param name="OccurredAt">That record's <see cref="AuditRecord.OccurredAt"/>.</param>
/// <param name="Id">That record's <see cref="AuditRecord.Id"/>.</param>
public readonly record struct AuditPosition(DateTimeOffset OccurredAt, Guid Id);
