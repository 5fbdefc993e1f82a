namespace AuditTrail;

/// <summary>One page request to a store.</summary>
/// <param name="Filter">The criteria, scope included.</param>
/// <param name="After">Return only records strictly after this position in newest-first order; <see langword="null"/> for the first page.</param>
/// <param name="Limit">
/// The most records to return: 1 to <see cref="MaxLimit"/>. The reader asks for one row more than the page size
/// to learn whether another page exists, so a store must accept <see cref="AuditQuery.MaxLimit"/> + 1.
/// </param>
public sealed record AuditStoreQuery(AuditFilter Filter, AuditPosition? After, int Limit)
{
    /// <summary>The largest <see cref="Limit"/> a store must accept: <see cref="AuditQuery.MaxLimit"/> + 1.</summary>
    public const int MaxLimit = AuditQuery.MaxLimit + 1;
}
