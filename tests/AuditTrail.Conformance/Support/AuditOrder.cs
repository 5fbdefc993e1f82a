namespace AuditTrail.Conformance.Support;

/// <summary>The order every store read must follow, computed independently of any store.</summary>
public static class AuditOrder
{
    /// <summary>Newest first: occurred-at descending, then id descending compared as lowercase "D" text.</summary>
    public static IReadOnlyList<AuditRecord> NewestFirst(IEnumerable<AuditRecord> records) =>
        records
            .OrderByDescending(record => record.OccurredAt.UtcTicks)
            .ThenByDescending(record => record.Id.ToString("D"), StringComparer.Ordinal)
            .ToArray();

    /// <summary>The ids of <paramref name="records"/> in newest-first order.</summary>
    public static IReadOnlyList<Guid> NewestFirstIds(IEnumerable<AuditRecord> records) =>
        NewestFirst(records).Select(record => record.Id).ToArray();
}
