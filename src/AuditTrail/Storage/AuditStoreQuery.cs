namespace AuditTrail;

/// <summary>One page request to a store.</summary>
/// <param name="Filter">The criteria, scope included.</param>
/// <param name="After">Return only records strictly after this position in newest-first order; <see langword="null"/> for the first page.</param>
/// <param name="Limit">The most records to return (1 to <see cref="AuditQuery.MaxLimit"/>).</param>
public sealed record AuditStoreQuery(AuditFilter Filter, AuditPosition? After, int Limit);
