namespace AuditTrail;

/// <summary>How many records of one action type fell into a bucket.</summary>
/// <param name="ActionType">The action type.</param>
/// <param name="Count">The number of records, at least one.</param>
public sealed record AuditHistogramCount(AuditActionType ActionType, long Count);
