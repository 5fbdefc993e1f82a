namespace AuditTrail.PostgreSql;

/// <summary>
/// The partitioned layout of the PostgreSQL audit table (<see cref="PostgreSqlAuditStoreOptions.Partitioning"/>): the
/// table is <c>PARTITION BY RANGE (occurred_at)</c>, one partition per calendar month (UTC) plus a default partition for
/// records dated outside every month, and retention drops whole months instead of deleting their rows one by one.
/// </summary>
/// <remarks>
/// The layout is a step of its own, applied when the store initializes, to a new table or to an existing one (whose rows
/// and chain are kept); it is recorded in the version table under <c>{TableName}:partitioned</c>, beside the schema versions.
/// There is no way back to a plain table: keep the option set once the layout is applied.
/// </remarks>
public sealed class PostgreSqlPartitioningOptions
{
    /// <summary>The default of <see cref="MonthsAhead"/>: 3.</summary>
    public const int DefaultMonthsAhead = 3;

    /// <summary>The largest <see cref="MonthsAhead"/>: 36.</summary>
    public const int MaxMonthsAhead = 36;

    /// <summary>
    /// How many months after the current one have a partition: the store creates the missing ones when it initializes and
    /// on every purge (each retention pass), so a write never waits for a month. Default <see cref="DefaultMonthsAhead"/>;
    /// from 1 to <see cref="MaxMonthsAhead"/>. A record dated later than that, or before the oldest month, lands in the
    /// default partition and moves into its month when that month's partition is created.
    /// </summary>
    public int MonthsAhead { get; set; } = DefaultMonthsAhead;
}
