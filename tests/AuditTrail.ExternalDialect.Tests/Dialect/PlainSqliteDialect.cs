using System.Data.Common;
using System.Globalization;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.ExternalDialect.Tests.Dialect;

/// <summary>
/// A minimal SQLite dialect built on the public seam only: plain table, B-tree indexes, times as INTEGER microseconds,
/// search by LIKE (no full-text index, so no <see cref="IAuditSqlDialect.IndexedSearch"/>), WAL for readers beside the
/// writer and <c>BEGIN IMMEDIATE</c> writes. Everything else takes the interface's defaults.
/// </summary>
public sealed class PlainSqliteDialect : IAuditSqlDialect
{
    private static readonly string[] SearchedColumns =
    [
        AuditColumns.ActorId, AuditColumns.ActorName, AuditColumns.Action, AuditColumns.ResourceType,
        AuditColumns.ResourceId, AuditColumns.ResourceName, AuditColumns.Description, AuditColumns.FailureReason,
        AuditColumns.SourceIp,
    ];

    private static readonly long UnixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string CreateSchemaVersionTableStatement(string versionTableName) =>
        $"CREATE TABLE IF NOT EXISTS {QuoteIdentifier(versionTableName)} (table_name TEXT NOT NULL, version INTEGER NOT NULL, " +
        "description TEXT NOT NULL, PRIMARY KEY (table_name, version))";

    public IReadOnlyList<AuditSchemaMigration> GetMigrations(string tableName)
    {
        var t = QuoteIdentifier(tableName);
        string C(string column) => QuoteIdentifier(column);
        string Text(string column, bool nullable) => $"{C(column)} TEXT {(nullable ? "NULL" : "NOT NULL")}";
        var appendOnlyName = QuoteIdentifier(tableName + "_append_only");
        var appendOnly = $"CREATE TRIGGER {appendOnlyName} BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END";
        var guard = $"CREATE TRIGGER {appendOnlyName} BEFORE UPDATE ON {t} " +
            $"WHEN NOT (CASE WHEN {AuditRowRewrites.SanctionedUpdatePredicate(this, "old", "new", (a, b) => $"{a} IS {b}")} THEN 1 ELSE 0 END) " +
            "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END";

        return
        [
            new AuditSchemaMigration(1, "Audit table, indexes and append-only trigger",
            [
                $"""
                CREATE TABLE {t} (
                    {C(AuditColumns.Seq)} INTEGER PRIMARY KEY,
                    {Text(AuditColumns.Id, false)}, {C(AuditColumns.OccurredAt)} INTEGER NOT NULL, {C(AuditColumns.RecordedAt)} INTEGER NOT NULL,
                    {Text(AuditColumns.ActorId, false)}, {Text(AuditColumns.ActorName, true)}, {Text(AuditColumns.ActorType, false)},
                    {Text(AuditColumns.Action, false)}, {Text(AuditColumns.ActionType, false)}, {Text(AuditColumns.Outcome, false)},
                    {Text(AuditColumns.FailureReason, true)}, {Text(AuditColumns.ResourceType, true)}, {Text(AuditColumns.ResourceId, true)},
                    {Text(AuditColumns.ResourceName, true)}, {Text(AuditColumns.Description, true)}, {Text(AuditColumns.Changes, false)},
                    {Text(AuditColumns.SourceIp, true)}, {Text(AuditColumns.UserAgent, true)}, {Text(AuditColumns.CorrelationId, true)},
                    {Text(AuditColumns.TenantId, true)}, {Text(AuditColumns.Metadata, false)}, {C(AuditColumns.Hash)} BLOB NULL
                )
                """,
                .. AuditSchemaMigration.BaseIndexStatements(this, tableName),
                appendOnly,
            ]),
            new AuditSchemaMigration(2, "The retention anchor of the hash chain",
            [
                $"CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.ChainTable)} (table_name TEXT NOT NULL PRIMARY KEY, anchor_seq INTEGER NOT NULL, anchor_hash BLOB NOT NULL)",
            ]),
            AuditSchemaMigration.ActionAndSourceIpIndexes(this, tableName),
            new AuditSchemaMigration(4, "Target user columns and index",
            [
                $"ALTER TABLE {t} ADD COLUMN {Text(AuditColumns.TargetUserId, true)}",
                $"ALTER TABLE {t} ADD COLUMN {Text(AuditColumns.TargetUserName, true)}",
                AuditSchemaMigration.TargetUserIndexStatement(this, tableName),
            ]),
            AuditSchemaMigration.CanonicalSourceIps(
                5,
                [$"ALTER TABLE {t} ADD COLUMN {Text(AuditColumns.SourceIpAsHashed, true)}", $"DROP TRIGGER {appendOnlyName}"],
                [appendOnly]),
            new AuditSchemaMigration(6, "Feed consumers: a durable position and a lease per consumer name",
            [
                $"CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.ConsumersTable)} (table_name TEXT NOT NULL, name TEXT NOT NULL, " +
                "position INTEGER NOT NULL, lease_owner TEXT NULL, lease_expires_at INTEGER NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (table_name, name))",
            ]),
            new AuditSchemaMigration(7, "Legal holds: what retention must keep, per audit table",
            [
                $"CREATE TABLE IF NOT EXISTS {QuoteIdentifier(AuditSql.HoldsTable)} (table_name TEXT NOT NULL, id TEXT NOT NULL, tenant_id TEXT NULL, " +
                "actor_id TEXT NULL, occurred_from INTEGER NULL, occurred_until INTEGER NULL, reason TEXT NOT NULL, placed_by TEXT NOT NULL, " +
                "placed_at INTEGER NOT NULL, released_by TEXT NULL, released_at INTEGER NULL, PRIMARY KEY (table_name, id))",
            ]),
            new AuditSchemaMigration(8, "Tombstones and erasure, and an append-only trigger that lets only those rewrites through",
            [
                $"ALTER TABLE {t} ADD COLUMN {Text(AuditColumns.Tombstone, true)}",
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.ContentDigest)} BLOB NULL",
                $"DROP TRIGGER {appendOnlyName}",
                guard,
            ]),

            // The guard of v8 as it was let an erasure clear a person's fields without pseudonymising their id: a dialect
            // replaces its guard in a migration of its own, so that databases which ran v8 get the tighter one too.
            new AuditSchemaMigration(9, "Append-only trigger whose erasure clears a person's fields only where it puts a pseudonym in the place of their id",
            [
                $"DROP TRIGGER {appendOnlyName}",
                guard,
            ]),
        ];
    }

    public bool SupportsRowRewrites => true;

    public async ValueTask PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public string InsertIfAbsentStatement(string tableName, IReadOnlyList<string> columns) =>
        $"INSERT INTO {QuoteIdentifier(tableName)} ({string.Join(", ", columns.Select(QuoteIdentifier))}) " +
        $"VALUES ({string.Join(", ", columns.Select(column => "@" + column))}) ON CONFLICT ({QuoteIdentifier(AuditColumns.Id)}) DO NOTHING";

    public string KeysetPredicate(string occurredAtParameter, string idParameter)
    {
        var occurredAt = QuoteIdentifier(AuditColumns.OccurredAt);
        return $"({occurredAt} < {occurredAtParameter} OR ({occurredAt} = {occurredAtParameter} AND {QuoteIdentifier(AuditColumns.Id)} < {idParameter}))";
    }

    public string LimitClause(string limitParameter) => "LIMIT " + limitParameter;

    public string SearchPredicate(string tableName, string search, AuditSqlParameters parameters)
    {
        // SQLite's LIKE is ASCII case-insensitive; the escaped pattern makes the text literal.
        var t = QuoteIdentifier(tableName);
        var pattern = parameters.Add(AuditSql.ContainsPattern(search));
        return string.Join(" OR", SearchedColumns
            .Select(column => $" {t}.{QuoteIdentifier(column)} LIKE {pattern} ESCAPE '\\'")
            .Append($" EXISTS (SELECT 1 FROM json_tree({t}.{QuoteIdentifier(AuditColumns.Changes)}) AS change WHERE change.type = 'text' AND change.value LIKE {pattern} ESCAPE '\\')"));
    }

    public object ToDbTime(DateTimeOffset value)
    {
        // Microseconds, rounded up (integer division truncates toward zero, which is up for negative values).
        var ticks = value.UtcTicks - UnixEpochTicks;
        return ticks >= 0 ? (ticks + 9) / 10 : ticks / 10;
    }

    public DateTimeOffset FromDbTime(object value) =>
        new(UnixEpochTicks + (Convert.ToInt64(value, CultureInfo.InvariantCulture) * 10), TimeSpan.Zero);
}
