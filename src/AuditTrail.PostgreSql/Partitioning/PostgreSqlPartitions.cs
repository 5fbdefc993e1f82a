using System.Globalization;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The partitions of a partitioned audit table: one per calendar month (UTC), named <c>{table}_pYYYYMM</c>, and
/// <c>{table}_default</c> for records dated outside every month. Creating a month moves the default partition's rows
/// of that month into it, so a month is never split between two partitions.
/// </summary>
internal sealed class PostgreSqlPartitions
{
    private readonly PostgreSqlAuditSqlDialect _dialect;
    private readonly string _tableName;
    private readonly string _occurredAt;

    public PostgreSqlPartitions(PostgreSqlAuditSqlDialect dialect, string tableName)
    {
        _dialect = dialect;
        _tableName = tableName;
        _occurredAt = dialect.QuoteIdentifier(AuditColumns.OccurredAt);
        Table = dialect.QualifyTableName(tableName);
        Default = dialect.QualifyTableName(tableName + "_default");
    }

    /// <summary>The qualified partitioned table.</summary>
    public string Table { get; }

    /// <summary>The qualified default partition.</summary>
    public string Default { get; }

    /// <summary>The qualified partition of <paramref name="month"/>.</summary>
    public string Month(DateTime month) => _dialect.QualifyTableName(MonthName(month));

    /// <summary>The first instant of the UTC month of <paramref name="time"/>.</summary>
    public static DateTime MonthOf(DateTimeOffset time) => new(time.UtcDateTime.Year, time.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A <c>timestamptz</c> literal of a month's first instant, for partition bounds (DDL takes no parameters).</summary>
    public static string Literal(DateTime month) => "'" + month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00'";

    /// <summary>The bounds clause of <paramref name="month"/>'s partition.</summary>
    public static string Bounds(DateTime month) => $"FOR VALUES FROM ({Literal(month)}) TO ({Literal(month.AddMonths(1))})";

    /// <summary>The months that have a partition, oldest first.</summary>
    public async Task<List<DateTime>> ListMonthsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var names = await PostgreSqlPartitionSql.RowsAsync(connection, transaction,
            "SELECT c.relname::text FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1)",
            cancellationToken, Table).ConfigureAwait(false);
        var prefix = _tableName + "_p";
        var months = new List<DateTime>();
        foreach (var name in names.Select(row => (string)row[0]!))
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length == prefix.Length + 6 &&
                DateTime.TryParseExact(name[prefix.Length..], "yyyyMM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var month))
            {
                months.Add(DateTime.SpecifyKind(month, DateTimeKind.Utc));
            }
        }

        months.Sort();
        return months;
    }

    /// <summary>
    /// Creates the default partition and a partition for every month from <paramref name="from"/> through
    /// <paramref name="through"/> that lacks one. Run under the chain lock, so no write lands in the default
    /// partition while its rows of a month move.
    /// </summary>
    /// <returns>How many month partitions were created.</returns>
    /// <remarks>
    /// Runs no DDL when nothing is missing, so a role that may only read (an auditor's <c>audittrail verify</c>) opens the
    /// store. A month whose name is taken by a table that is not a partition (one detached by hand) is skipped: its
    /// records go to the default partition, and the verifier reports the detached rows as missing. Months end at
    /// <see cref="LastMonth"/>, the last whose end <see cref="DateTime"/> can represent.
    /// </remarks>
    public async Task<int> EnsureMonthsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime from, DateTime through, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, transaction, Default, cancellationToken).ConfigureAwait(false))
        {
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, $"CREATE TABLE {Default} PARTITION OF {Table} DEFAULT", cancellationToken).ConfigureAwait(false);
        }
        else if (!await PostgreSqlPartitionSql.ScalarAsync<bool>(connection, transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass($1) AND inhparent = to_regclass($2))", cancellationToken, Default, Table).ConfigureAwait(false))
        {
            // Without it a record dated outside every month would fail its whole batch at the first write.
            throw new InvalidOperationException(
                $"The table {Default} exists but is not the default partition of {Table}, so records dated outside every month " +
                $"partition would have nowhere to go. Attach it again (ALTER TABLE {Table} ATTACH PARTITION {Default} DEFAULT) if it was " +
                $"detached by hand; if it belongs to something else, rename it or choose another {nameof(PostgreSqlAuditStoreOptions)}.{nameof(PostgreSqlAuditStoreOptions.TableName)}.");
        }

        var existing = (await ListMonthsAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var created = 0;
        through = through > LastMonth ? LastMonth : through;
        for (var month = from; month <= through; month = month.AddMonths(1))
        {
            if (existing.Contains(month) || await ExistsAsync(connection, transaction, Month(month), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await CreateMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
            created++;
        }

        return created;
    }

    private async Task CreateMonthAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime month, CancellationToken cancellationToken)
    {
        var partition = Month(month);
        var inMonth = $"{_occurredAt} >= {Literal(month)} AND {_occurredAt} < {Literal(month.AddMonths(1))}";
        var stray = await PostgreSqlPartitionSql.ScalarAsync<bool>(connection, transaction,
            $"SELECT EXISTS (SELECT 1 FROM {Default} WHERE {inMonth})", cancellationToken).ConfigureAwait(false);
        if (!stray)
        {
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, $"CREATE TABLE {partition} PARTITION OF {Table} {Bounds(month)}", cancellationToken).ConfigureAwait(false);
            return;
        }

        // PostgreSQL refuses a new partition while the default one holds rows of its range: they move first, then the
        // table is attached (which builds its indexes and triggers from the partitioned table's).
        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction,
            $"CREATE TABLE {partition} (LIKE {Table} INCLUDING DEFAULTS INCLUDING STORAGE)", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteUnboundedAsync(connection, transaction,
            $"WITH moved AS (DELETE FROM {Default} WHERE {inMonth} RETURNING *) INSERT INTO {partition} SELECT * FROM moved", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteUnboundedAsync(connection, transaction,
            $"ALTER TABLE {Table} ATTACH PARTITION {partition} {Bounds(month)}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last month that can have a partition: December 9999 ends past what <see cref="DateTime"/> holds.</summary>
    public static DateTime LastMonth { get; } = new(9999, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary><paramref name="month"/> plus <paramref name="months"/>, at most <see cref="LastMonth"/>.</summary>
    public static DateTime Ahead(DateTime month, int months) => month > LastMonth.AddMonths(-months) ? LastMonth : month.AddMonths(months);

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string qualifiedName, CancellationToken cancellationToken) =>
        await PostgreSqlPartitionSql.ScalarAsync<bool>(connection, transaction, "SELECT to_regclass($1) IS NOT NULL", cancellationToken, qualifiedName).ConfigureAwait(false);

    /// <summary>The unqualified name of <paramref name="month"/>'s partition.</summary>
    public string MonthName(DateTime month) => _tableName + "_p" + month.ToString("yyyyMM", CultureInfo.InvariantCulture);
}
