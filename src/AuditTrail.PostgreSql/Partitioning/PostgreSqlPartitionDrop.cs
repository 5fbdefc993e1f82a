namespace AuditTrail.PostgreSql;

/// <summary>A month partition that a purge drops whole (see <see cref="PostgreSqlAuditStore.PlanPartitionDropsAsync"/>).</summary>
/// <param name="Name">The partition's table name, <c>{table}_pYYYYMM</c>.</param>
/// <param name="Month">The month's first instant (UTC).</param>
/// <param name="RowCount">How many records it holds (0 for a month already emptied).</param>
/// <param name="FirstSequence">Its first record's sequence number (0 when empty).</param>
/// <param name="LastSequence">Its last record's sequence number, the retention anchor once it is dropped (0 when empty).</param>
public sealed record PostgreSqlPartitionDrop(string Name, DateTimeOffset Month, long RowCount, long FirstSequence, long LastSequence);
