namespace AuditTrail;

/// <summary>What a store returns for a histogram: the count of one action type in one bucket.</summary>
/// <param name="Bucket">The bucket's index in <see cref="AuditHistogramBuckets"/>.</param>
/// <param name="ActionType">The action type.</param>
/// <param name="Count">The number of matching records.</param>
public sealed record AuditHistogramCell(int Bucket, AuditActionType ActionType, long Count);
