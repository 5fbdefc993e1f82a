using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The opt-in partitioned layout, a step apart from the numbered migrations: recorded in the version table under its
/// own key (<c>{table}:partitioned</c>, version 1), so that it never takes a number of the main sequence, and applied
/// after them, when the store initializes, to a new (empty) or an existing table alike.
/// </summary>
/// <remarks>
/// The conversion runs in one transaction under the schema lock and the chain lock: the plain table is renamed, a table
/// <c>PARTITION BY RANGE (occurred_at)</c> with its columns takes its name, every row is copied as it is (sequence and
/// hash included, so the chain verifies as before), and its indexes and triggers are recreated from their definitions.
/// A unique constraint of a partitioned table must include the partition key, so the primary key becomes
/// <c>(seq, occurred_at)</c> and the id index is no longer unique: ids stay unique because every write checks the
/// stored ids under the chain lock.
/// </remarks>
internal sealed class PostgreSqlPartitionedLayout
{
    /// <summary>How far back the conversion makes monthly partitions; older rows go to the default partition.</summary>
    public const int MaxPastMonths = 240;

    public const string Description = "Partitioned by range of occurred_at, one partition per month";

    private readonly PostgreSqlAuditSqlDialect _dialect;
    private readonly PostgreSqlPartitions _partitions;
    private readonly string _tableName;
    private readonly string _schemaLock;
    private readonly string _rewriteLock;
    private readonly string _chainLock;
    private readonly int _monthsAhead;
    private readonly TimeProvider _timeProvider;

    public PostgreSqlPartitionedLayout(PostgreSqlAuditSqlDialect dialect, PostgreSqlPartitions partitions, string tableName, int monthsAhead, TimeProvider timeProvider)
    {
        _dialect = dialect;
        _partitions = partitions;
        _tableName = tableName;
        _schemaLock = dialect.SchemaLockStatement;
        _rewriteLock = dialect.RewriteLockStatement(tableName);
        _chainLock = dialect.ChainLockStatement(tableName);
        _monthsAhead = monthsAhead;
        _timeProvider = timeProvider;
    }

    /// <summary>The key of the layout in the version table.</summary>
    public static string VersionKey(string tableName) => tableName + ":partitioned";

    /// <summary>Converts the table when the layout is not recorded yet, then creates the months ahead that are missing.</summary>
    public async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _schemaLock, cancellationToken).ConfigureAwait(false);
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _rewriteLock, cancellationToken).ConfigureAwait(false);
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _chainLock, cancellationToken).ConfigureAwait(false);
            var versions = _dialect.QualifyTableName(AuditSql.SchemaVersionTable);
            var applied = await PostgreSqlPartitionSql.ScalarAsync<bool>(connection, transaction,
                $"SELECT EXISTS (SELECT 1 FROM {versions} WHERE table_name = $1)", cancellationToken, VersionKey(_tableName)).ConfigureAwait(false);
            var now = PostgreSqlPartitions.MonthOf(_timeProvider.GetUtcNow());
            if (!applied)
            {
                await ConvertAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);
                await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction,
                    $"INSERT INTO {versions} (table_name, version, description) VALUES ($1, 1, $2)", cancellationToken, VersionKey(_tableName), Description).ConfigureAwait(false);
            }

            else
            {
                // Creating a month waits for every transaction that has read the table: an open must not hang on a long
                // read (an export, a verification). It gives the months ahead up after the lock wait, as a purge pass
                // does; records dated in them land in the default partition until the next open or purge pass creates
                // the months and moves those records in.
                await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, PostgreSqlPartitionPurger.LockTimeoutStatement, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _partitions.EnsureMonthsAsync(connection, transaction, now, PostgreSqlPartitions.Ahead(now, _monthsAhead), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (applied && ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // Disposing the transaction rolls it back; nothing else was changed in it.
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConvertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime now, CancellationToken cancellationToken)
    {
        var table = _partitions.Table;
        var kind = await PostgreSqlPartitionSql.ScalarAsync<char>(connection, transaction,
            "SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", cancellationToken, table).ConfigureAwait(false);
        if (kind == 'p')
        {
            return;
        }

        // Captured before the rename, while they still name the table by its own name.
        var indexes = await PostgreSqlPartitionSql.RowsAsync(connection, transaction,
            "SELECT pg_get_indexdef(indexrelid), indisprimary FROM pg_index WHERE indrelid = to_regclass($1) ORDER BY indexrelid", cancellationToken, table).ConfigureAwait(false);
        var triggers = await PostgreSqlPartitionSql.RowsAsync(connection, transaction,
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = to_regclass($1) AND NOT tgisinternal ORDER BY oid", cancellationToken, table).ConfigureAwait(false);
        var occurredAt = _dialect.QuoteIdentifier(AuditColumns.OccurredAt);
        var oldest = await PostgreSqlPartitionSql.ScalarAsync<DateTime?>(connection, transaction,
            $"SELECT min({occurredAt}) FROM {table}", cancellationToken).ConfigureAwait(false);

        var plainName = _tableName + "_convert";
        var plain = _dialect.QualifyTableName(plainName);
        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction,
            $"ALTER TABLE {table} RENAME TO {_dialect.QuoteIdentifier(plainName)}", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction,
            $"CREATE TABLE {table} (LIKE {plain} INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({occurredAt})",
            cancellationToken).ConfigureAwait(false);

        var first = oldest is { } time ? PostgreSqlPartitions.MonthOf(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))) : now;
        var earliest = now.AddMonths(-MaxPastMonths);
        first = first < earliest ? earliest : first > now ? now : first;
        await _partitions.EnsureMonthsAsync(connection, transaction, first, PostgreSqlPartitions.Ahead(now, _monthsAhead), cancellationToken).ConfigureAwait(false);

        // Rows first, then the indexes, which build faster over the copied rows than row by row.
        await PostgreSqlPartitionSql.ExecuteUnboundedAsync(connection, transaction, $"INSERT INTO {table} SELECT * FROM {plain}", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, $"DROP TABLE {plain}", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteUnboundedAsync(connection, transaction,
            $"ALTER TABLE {table} ADD CONSTRAINT {_dialect.QuoteIdentifier(_tableName + "_pkey")} PRIMARY KEY " +
            $"({_dialect.QuoteIdentifier(AuditColumns.Seq)}, {occurredAt})", cancellationToken).ConfigureAwait(false);
        foreach (var index in indexes.Where(row => !(bool)row[1]!))
        {
            var definition = (string)index[0]!;
            if (definition.StartsWith("CREATE UNIQUE INDEX ", StringComparison.Ordinal))
            {
                definition = "CREATE INDEX " + definition["CREATE UNIQUE INDEX ".Length..];
            }

            await PostgreSqlPartitionSql.ExecuteUnboundedAsync(connection, transaction, definition, cancellationToken).ConfigureAwait(false);
        }

        foreach (var trigger in triggers)
        {
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, (string)trigger[0]!, cancellationToken).ConfigureAwait(false);
        }
    }
}
