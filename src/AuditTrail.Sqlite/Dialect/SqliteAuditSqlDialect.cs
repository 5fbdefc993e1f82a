using System.Data.Common;
using System.Globalization;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Search;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// The SQLite dialect: STRICT table, times as INTEGER microseconds since the Unix epoch (UTC), WAL,
/// <c>BEGIN IMMEDIATE</c> writes, and search through an FTS5 trigram index in a file beside the database (<see cref="SqliteSearchQuery"/>)
/// plus LIKE over the rows it does not cover yet.
/// </summary>
internal sealed class SqliteAuditSqlDialect : IAuditSqlDialect
{
    private static readonly long UnixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The last whole microsecond a <see cref="DateTimeOffset"/> holds, as stored (microseconds since the Unix epoch).</summary>
    private static readonly long MaxMicroseconds = (DateTimeOffset.MaxValue.UtcTicks - UnixEpochTicks) / 10;

    private readonly string _setup;
    private readonly long? _maxDatabaseSizeBytes;

    public SqliteAuditSqlDialect(SqliteAuditStoreOptions options)
    {
        _maxDatabaseSizeBytes = options.MaxDatabaseSizeBytes;
        _setup = ConnectionPragmas(options);
    }

    /// <summary>The per-connection settings every store connection gets: busy timeout, synchronous mode and WAL checkpoint size.</summary>
    private static string ConnectionPragmas(SqliteAuditStoreOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; " +
        $"PRAGMA synchronous = {(options.Synchronous == SqliteSynchronousMode.Normal ? "NORMAL" : "FULL")}; " +
        $"PRAGMA wal_autocheckpoint = {options.WalCheckpointPages};");

    public string QuoteIdentifier(string identifier) => Quote(identifier);

    /// <summary>A quoted SQLite identifier: in double quotes, a double quote inside doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string CreateSchemaVersionTableStatement(string versionTableName) =>
        $"""
        CREATE TABLE IF NOT EXISTS {QuoteIdentifier(versionTableName)} (
            table_name TEXT NOT NULL,
            version INTEGER NOT NULL,
            description TEXT NOT NULL,
            applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (table_name, version)
        ) STRICT
        """;

    public IReadOnlyList<AuditSchemaMigration> GetMigrations(string tableName)
    {
        var t = QuoteIdentifier(tableName);
        var search = QuoteIdentifier(SqliteSearchSchema.IndexTableName(tableName));
        string Index(string suffix) => QuoteIdentifier(tableName + "_" + suffix);
        string C(string column) => QuoteIdentifier(column);

        // Schema v1 kept the index in the audit file, filled by triggers; v4 moved it to a file of its own; v5 brought
        // it back, filled after commits in batches; v6 moved it to a file of its own again (SqliteSearchMigrations).
        var indexedColumns = SqliteSearchColumns.IndexColumnList;
        var indexedValues = SqliteSearchColumns.IndexedValues("new");
        var appendOnly = $"""
            CREATE TRIGGER {Index("append_only")} BEFORE UPDATE ON {t} BEGIN
                SELECT RAISE(ABORT, 'audit records are append-only');
            END
            """;

        return
        [
            new AuditSchemaMigration(1, "Audit table, indexes and FTS5 trigram search index",
            [
                // seq is the rowid alias; AUTOINCREMENT keeps it from ever being reused, even after a purge
                // empties the table, because the search index and a later hash chain key on it.
                $"""
                CREATE TABLE {t} (
                    {C(AuditColumns.Seq)} INTEGER PRIMARY KEY AUTOINCREMENT,
                    {C(AuditColumns.Id)} TEXT NOT NULL,
                    {C(AuditColumns.OccurredAt)} INTEGER NOT NULL,
                    {C(AuditColumns.RecordedAt)} INTEGER NOT NULL,
                    {C(AuditColumns.ActorId)} TEXT NOT NULL,
                    {C(AuditColumns.ActorName)} TEXT NULL,
                    {C(AuditColumns.ActorType)} TEXT NOT NULL,
                    {C(AuditColumns.Action)} TEXT NOT NULL,
                    {C(AuditColumns.ActionType)} TEXT NOT NULL,
                    {C(AuditColumns.Outcome)} TEXT NOT NULL,
                    {C(AuditColumns.FailureReason)} TEXT NULL,
                    {C(AuditColumns.ResourceType)} TEXT NULL,
                    {C(AuditColumns.ResourceId)} TEXT NULL,
                    {C(AuditColumns.ResourceName)} TEXT NULL,
                    {C(AuditColumns.Description)} TEXT NULL,
                    {C(AuditColumns.Changes)} TEXT NOT NULL,
                    {C(AuditColumns.SourceIp)} TEXT NULL,
                    {C(AuditColumns.UserAgent)} TEXT NULL,
                    {C(AuditColumns.CorrelationId)} TEXT NULL,
                    {C(AuditColumns.TenantId)} TEXT NULL,
                    {C(AuditColumns.Metadata)} TEXT NOT NULL
                ) STRICT
                """,
                .. AuditSchemaMigration.BaseIndexStatements(this, tableName),

                // Contentless: the text lives only in the audit table; contentless_delete lets the delete
                // trigger remove a row by rowid alone. Trigram gives case-insensitive substring matching.
                $"CREATE VIRTUAL TABLE {search} USING fts5({indexedColumns}, content='', contentless_delete=1, tokenize='trigram')",
                $"""
                CREATE TRIGGER {Index("search_insert")} AFTER INSERT ON {t} BEGIN
                    INSERT INTO {search} (rowid, {indexedColumns}) VALUES (new.{C(AuditColumns.Seq)}, {indexedValues});
                END
                """,
                $"""
                CREATE TRIGGER {Index("search_delete")} AFTER DELETE ON {t} BEGIN
                    DELETE FROM {search} WHERE rowid = old.{C(AuditColumns.Seq)};
                END
                """,

                // An audit trail is append-only; retention deletes, nothing rewrites.
                appendOnly,
            ]),
            new AuditSchemaMigration(2, "Hash chain: a hash per row and the retention anchor",
            [
                // seq stays the rowid alias; from now on the store assigns it explicitly, gap-free, under BEGIN IMMEDIATE.
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.Hash)} BLOB NULL",
                $"""
                CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.ChainTable)} (
                    table_name TEXT NOT NULL PRIMARY KEY,
                    anchor_seq INTEGER NOT NULL,
                    anchor_hash BLOB NOT NULL
                ) STRICT
                """,
            ]),
            AuditSchemaMigration.ActionAndSourceIpIndexes(this, tableName),
            new AuditSchemaMigration(4, "Search index moved to its own file, filled after commits instead of by triggers",
            [
                $"DROP TRIGGER IF EXISTS {Index("search_insert")}",
                $"DROP TRIGGER IF EXISTS {Index("search_delete")}",
                $"DROP TABLE IF EXISTS {search}",
            ]),
            SqliteSearchMigrations.InDatabaseFile(tableName),
            SqliteSearchMigrations.InOwnFile(tableName),

            // The index file's columns follow the searched fields, which now include the target user's: the store
            // creates the index again when its columns differ (SqliteSearchFile).
            new AuditSchemaMigration(7, "Target user columns and index",
            [
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.TargetUserId)} TEXT NULL",
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.TargetUserName)} TEXT NULL",
                AuditSchemaMigration.TargetUserIndexStatement(this, tableName),
            ]),

            // The search index file holds the text it was given: the store indexes the rewritten rows again.
            AuditSchemaMigration.CanonicalSourceIps(
                SqliteSearchMigrations.CanonicalSourceIpsVersion,
                [
                    $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.SourceIpAsHashed)} TEXT NULL",
                    $"DROP TRIGGER IF EXISTS {Index("append_only")}",
                ],
                [
                    appendOnly,
                    $"CREATE TABLE IF NOT EXISTS {SqliteSearchSchema.ReindexTable} (table_name TEXT NOT NULL PRIMARY KEY) STRICT",
                    $"INSERT OR IGNORE INTO {SqliteSearchSchema.ReindexTable} (table_name) VALUES ('{tableName}')",
                ]),
            new AuditSchemaMigration(9, "Feed consumers: a durable position and a lease per consumer name",
            [
                $"""
                CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.ConsumersTable)} (
                    table_name TEXT NOT NULL,
                    name TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    lease_owner TEXT NULL,
                    lease_expires_at INTEGER NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (table_name, name)
                ) STRICT
                """,
            ]),
            new AuditSchemaMigration(10, "Legal holds: what retention must keep, per audit table",
            [
                $"""
                CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.HoldsTable)} (
                    table_name TEXT NOT NULL,
                    id TEXT NOT NULL,
                    tenant_id TEXT NULL,
                    actor_id TEXT NULL,
                    occurred_from INTEGER NULL,
                    occurred_until INTEGER NULL,
                    reason TEXT NOT NULL,
                    placed_by TEXT NOT NULL,
                    placed_at INTEGER NOT NULL,
                    released_by TEXT NULL,
                    released_at INTEGER NULL,
                    PRIMARY KEY (table_name, id)
                ) STRICT
                """,
            ]),
            new AuditSchemaMigration(11, "Tombstones and erasure: the tombstone and content digest columns, and an append-only trigger that lets only those rewrites through",
            [
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.Tombstone)} TEXT NULL",
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.ContentDigest)} BLOB NULL",
                .. SqliteAppendOnlyTrigger.Statements(this, tableName),
            ]),
            SqliteHistogramRollup.Migration(this, tableName),
            SqliteHistogramRollup.CoveringIndexes(this, tableName),
            SqliteHistogramUserRollup.Migration(this, tableName),
            SqliteHistogramRollupWrites.Migration(this, tableName),
            SqlitePartialIndexes.Migration(this, tableName),
            SqliteHistogramUserRollupZeroRows.Migration(this, tableName),
            SqliteAppendOnlyTrigger.Migration(this, tableName),
        ];
    }

    /// <summary>The schema has the tombstone columns and lets tombstones and erasure through its trigger (v11, tightened in v18).</summary>
    public bool SupportsRowRewrites => true;

    public async ValueTask PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            // busy_timeout first, so that switching the journal mode waits for other processes too.
            command.CommandText = _setup;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // WAL is persistent in the file, but setting it on each connection covers a file created elsewhere.
            command.CommandText = "PRAGMA journal_mode = WAL";
            var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The SQLite database '{connection.DataSource}' could not switch to WAL journal mode (it is in '{mode}' mode). " +
                    "The audit store needs WAL; network file systems and in-memory databases do not support it.");
            }

            if (_maxDatabaseSizeBytes is { } maxBytes)
            {
                // max_page_count is a per-connection setting counted in pages, so it is applied on every connection.
                command.CommandText = "PRAGMA page_size";
                var pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)}");
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection held the write lock past the busy timeout.</summary>
    public bool IsBusy(DbException exception) => SqliteWriteErrorClassifier.IsBusy(exception);

    public ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, waiting up to the busy timeout,
        // rather than on the first write, where an upgrade from a read lock could fail with SQLITE_BUSY.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public string InsertIfAbsentStatement(string tableName, IReadOnlyList<string> columns) =>
        $"INSERT INTO {QuoteIdentifier(tableName)} ({string.Join(", ", columns.Select(QuoteIdentifier))}) " +
        $"VALUES ({string.Join(", ", columns.Select(column => "@" + column))}) " +
        $"ON CONFLICT ({QuoteIdentifier(AuditColumns.Id)}) DO NOTHING";

    public string KeysetPredicate(string occurredAtParameter, string idParameter)
    {
        var occurredAt = QuoteIdentifier(AuditColumns.OccurredAt);

        // The leading "<=" bounds the index range so that a deep page seeks instead of scanning from the top.
        return $"{occurredAt} <= {occurredAtParameter} AND ({occurredAt} < {occurredAtParameter} OR {QuoteIdentifier(AuditColumns.Id)} < {idParameter})";
    }

    // Times are integer microseconds since the epoch, and the filter keeps every row at or after the start: integer division floors.
    public string HistogramBucketExpression(string occurredAtColumn, AuditHistogramBuckets buckets, AuditSqlParameters parameters) =>
        $"({occurredAtColumn} - {parameters.Add(ToDbTime(buckets.Start))}) / {parameters.Add(buckets.Width.Ticks / TimeSpan.TicksPerMicrosecond)}";

    public string LimitClause(string limitParameter) => "LIMIT " + limitParameter;

    /// <summary>Whether search may use the index file (the store sets it; until then, and while it says no, search uses <c>LIKE</c> alone).</summary>
    public Func<bool> SearchIndexAvailable { get; set; } = () => false;

    public string SearchPredicate(string tableName, string search, AuditSqlParameters parameters) =>
        SqliteSearchQuery.Predicate(tableName, search, parameters, SearchIndexAvailable());

    public AuditIndexedSearch? IndexedSearch(string tableName, string search, AuditSqlParameters parameters, string belowParameter, string limitParameter) =>
        SqliteSearchQuery.Indexed(tableName, search, parameters, belowParameter, limitParameter, SearchIndexAvailable());

    public object ToDbTime(DateTimeOffset value)
    {
        // Microseconds, rounded up: integer division truncates toward zero, which is up for negative values. Never past
        // the last whole microsecond .NET can read back: DateTimeOffset.MaxValue (a hold "until forever") rounded up
        // would be a time no reader could turn into a DateTimeOffset again.
        var ticks = value.UtcTicks - UnixEpochTicks;
        return Math.Min(ticks >= 0 ? (ticks + 9) / 10 : ticks / 10, MaxMicroseconds);
    }

    public DateTimeOffset FromDbTime(object value) =>
        new(UnixEpochTicks + (Math.Min(Convert.ToInt64(value, CultureInfo.InvariantCulture), MaxMicroseconds) * 10), TimeSpan.Zero);
}
