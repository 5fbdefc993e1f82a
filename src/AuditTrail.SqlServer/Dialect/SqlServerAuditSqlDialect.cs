using System.Data;
using System.Data.Common;
using System.Text;
using AuditTrail.Relational;

namespace AuditTrail.SqlServer;

/// <summary>
/// The T-SQL dialect (SQL Server 2017 or later, Azure SQL; compatibility level 130 or higher for OPENJSON): a
/// schema-qualified table clustered on the sequence number the store assigns,
/// ids as <c>binary(16)</c> in text order, <c>datetimeoffset(6)</c> times in UTC, text in a binary collation,
/// migrations serialized by <c>sp_getapplock</c>, and search by <c>LIKE</c> over ASCII-folded text.
/// </summary>
internal sealed class SqlServerAuditSqlDialect : IAuditSqlDialect
{
    /// <summary>
    /// The collation of every text column: code point comparison, so filters are exact and ordinal and LIKE
    /// patterns are literal; the database's default collation is usually case- and accent-insensitive.
    /// </summary>
    public const string BinaryCollation = "Latin1_General_100_BIN2";

    /// <summary>The application lock every AuditTrail migration in a database takes.</summary>
    public const string SchemaLockResource = "AuditTrail.schema";

    /// <summary>How long an instance waits for another instance's migration, in milliseconds.</summary>
    public const int SchemaLockTimeoutMilliseconds = 20_000;

    /// <summary>
    /// The size of each bounded text column, at least its <see cref="AuditLimits"/> value; columns left out are
    /// <c>nvarchar(max)</c>. Written out rather than computed, because a released migration must never change.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> ColumnSizes = new Dictionary<string, int>
    {
        [AuditColumns.ActorId] = 256,
        [AuditColumns.ActorName] = 256,
        [AuditColumns.ActorType] = 32,
        [AuditColumns.Action] = 128,
        [AuditColumns.ActionType] = 32,
        [AuditColumns.Outcome] = 16,
        [AuditColumns.FailureReason] = 1024,
        [AuditColumns.ResourceType] = 128,
        [AuditColumns.ResourceId] = 256,
        [AuditColumns.ResourceName] = 512,
        [AuditColumns.SourceIp] = 64,
        [AuditColumns.SourceIpAsHashed] = 64,
        [AuditColumns.UserAgent] = 512,
        [AuditColumns.CorrelationId] = 128,
        [AuditColumns.TenantId] = 128,
        [AuditColumns.TargetUserId] = 256,
        [AuditColumns.TargetUserName] = 256,
    };

    /// <summary>The last whole microsecond a <see cref="DateTimeOffset"/> holds, in ticks: the latest time the store writes.</summary>
    private static readonly long LastWholeMicrosecondTicks = DateTimeOffset.MaxValue.UtcTicks - (DateTimeOffset.MaxValue.UtcTicks % 10);

    private readonly string _schema;

    public SqlServerAuditSqlDialect(string schema)
    {
        _schema = schema;
    }

    /// <summary>The batch that takes the migration lock inside the schema transaction, failing clearly when it cannot.</summary>
    public string SchemaLockStatement { get; } =
        $"""
        DECLARE @lock_result int;
        EXEC @lock_result = sp_getapplock @Resource = N'{SchemaLockResource}', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = {SchemaLockTimeoutMilliseconds};
        IF @lock_result < 0
            THROW 51001, N'AuditTrail could not take its schema lock within {SchemaLockTimeoutMilliseconds / 1000} seconds: another instance is still creating or migrating the audit schema.', 1;
        """;

    public string QuoteIdentifier(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public string QualifyTableName(string tableName) => QuoteIdentifier(_schema) + "." + QuoteIdentifier(tableName);

    public string CreateSchemaVersionTableStatement(string versionTableName)
    {
        var table = QualifyTableName(versionTableName);

        // CREATE SCHEMA must be alone in its batch, hence EXEC. Checked first, so that an application login without
        // CREATE SCHEMA permission can start against a schema a deployment made.
        return $"""
            IF SCHEMA_ID(N'{_schema}') IS NULL
                EXEC(N'CREATE SCHEMA {QuoteIdentifier(_schema)}');
            IF OBJECT_ID(N'{table}', N'U') IS NULL
                CREATE TABLE {table} (
                    [table_name] nvarchar(128) NOT NULL,
                    [version] int NOT NULL,
                    [description] nvarchar(400) NOT NULL,
                    [applied_at] datetimeoffset(7) NOT NULL CONSTRAINT {QuoteIdentifier(versionTableName + "_applied_at")} DEFAULT SYSDATETIMEOFFSET(),
                    CONSTRAINT {QuoteIdentifier(versionTableName + "_pk")} PRIMARY KEY ([table_name], [version])
                );
            """;
    }

    public IReadOnlyList<AuditSchemaMigration> GetMigrations(string tableName)
    {
        var t = QualifyTableName(tableName);
        string Name(string suffix) => QuoteIdentifier(tableName + "_" + suffix);
        string C(string column) => QuoteIdentifier(column);
        string Text(string column, bool nullable) =>
            $"{C(column)} nvarchar({(ColumnSizes.TryGetValue(column, out var size) ? size.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max")}) COLLATE {BinaryCollation} {(nullable ? "NULL" : "NOT NULL")}";

        return
        [
            new AuditSchemaMigration(1, "Audit table, indexes and append-only trigger",
            [
                // Clustered on seq, which the store assigns in order (gap-free, for the hash chain): inserts append at the end. binary(16) holds the id's bytes
                // in the order of its text (big-endian), so ordering by it is ordering by the lowercase text, which a
                // uniqueidentifier (it sorts by its last bytes first) is not.
                $"""
                CREATE TABLE {t} (
                    {C(AuditColumns.Seq)} bigint NOT NULL,
                    {C(AuditColumns.Id)} binary(16) NOT NULL,
                    {C(AuditColumns.OccurredAt)} datetimeoffset(6) NOT NULL,
                    {C(AuditColumns.RecordedAt)} datetimeoffset(6) NOT NULL,
                    {Text(AuditColumns.ActorId, nullable: false)},
                    {Text(AuditColumns.ActorName, nullable: true)},
                    {Text(AuditColumns.ActorType, nullable: false)},
                    {Text(AuditColumns.Action, nullable: false)},
                    {Text(AuditColumns.ActionType, nullable: false)},
                    {Text(AuditColumns.Outcome, nullable: false)},
                    {Text(AuditColumns.FailureReason, nullable: true)},
                    {Text(AuditColumns.ResourceType, nullable: true)},
                    {Text(AuditColumns.ResourceId, nullable: true)},
                    {Text(AuditColumns.ResourceName, nullable: true)},
                    {Text(AuditColumns.Description, nullable: true)},
                    {Text(AuditColumns.Changes, nullable: false)},
                    {Text(AuditColumns.SourceIp, nullable: true)},
                    {Text(AuditColumns.UserAgent, nullable: true)},
                    {Text(AuditColumns.CorrelationId, nullable: true)},
                    {Text(AuditColumns.TenantId, nullable: true)},
                    {Text(AuditColumns.Metadata, nullable: false)},
                    CONSTRAINT {Name("pk")} PRIMARY KEY CLUSTERED ({C(AuditColumns.Seq)})
                )
                """,
                .. AuditSchemaMigration.BaseIndexStatements(this, tableName),

                // An audit trail is append-only; retention deletes, nothing rewrites.
                $"""
                CREATE TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")} ON {t} AFTER UPDATE AS
                BEGIN
                    SET NOCOUNT ON;
                    THROW 51000, N'audit records are append-only', 1;
                END
                """,
            ]),
            new AuditSchemaMigration(2, "Hash chain: a hash per row and the retention anchor",
            [
                $"ALTER TABLE {t} ADD {C(AuditColumns.Hash)} varbinary(32) NULL",
                $"""
                IF OBJECT_ID(N'{QualifyTableName(AuditSql.ChainTable)}', N'U') IS NULL
                CREATE TABLE {QualifyTableName(AuditSql.ChainTable)} (
                    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
                    anchor_seq bigint NOT NULL,
                    anchor_hash varbinary(32) NOT NULL
                )
                """,
            ]),
            AuditSchemaMigration.ActionAndSourceIpIndexes(this, tableName),
            new AuditSchemaMigration(4, "Target user columns and index",
            [
                $"ALTER TABLE {t} ADD {Text(AuditColumns.TargetUserId, nullable: true)}, {Text(AuditColumns.TargetUserName, nullable: true)}",
                AuditSchemaMigration.TargetUserIndexStatement(this, tableName),
            ]),
            AuditSchemaMigration.CanonicalSourceIps(
                5,
                [
                    $"ALTER TABLE {t} ADD {Text(AuditColumns.SourceIpAsHashed, nullable: true)}",
                    $"DISABLE TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")} ON {t}",
                ],
                [$"ENABLE TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")} ON {t}"]),
            new AuditSchemaMigration(6, "Feed consumers: a durable position and a lease per consumer name",
            [
                $"""
                IF OBJECT_ID(N'{QualifyTableName(AuditSql.ConsumersTable)}', N'U') IS NULL
                CREATE TABLE {QualifyTableName(AuditSql.ConsumersTable)} (
                    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
                    name nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
                    position bigint NOT NULL,
                    lease_owner nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
                    lease_expires_at datetimeoffset(6) NULL,
                    updated_at datetimeoffset(6) NOT NULL,
                    PRIMARY KEY (table_name, name)
                )
                """,
            ]),
            new AuditSchemaMigration(7, "Legal holds: what retention must keep, per audit table",
            [
                $"""
                IF OBJECT_ID(N'{QualifyTableName(AuditSql.HoldsTable)}', N'U') IS NULL
                CREATE TABLE {QualifyTableName(AuditSql.HoldsTable)} (
                    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
                    id nvarchar(36) COLLATE Latin1_General_100_BIN2 NOT NULL,
                    tenant_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
                    actor_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
                    occurred_from datetimeoffset(6) NULL,
                    occurred_until datetimeoffset(6) NULL,
                    reason nvarchar(1000) NOT NULL,
                    placed_by nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
                    placed_at datetimeoffset(6) NOT NULL,
                    released_by nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
                    released_at datetimeoffset(6) NULL,
                    PRIMARY KEY (table_name, id)
                )
                """,
            ]),
            new AuditSchemaMigration(8, "Tombstones and erasure: the tombstone and content digest columns, and an append-only trigger that lets only those rewrites through",
            [
                $"ALTER TABLE {t} ADD {C(AuditColumns.Tombstone)} nvarchar(200) COLLATE {BinaryCollation} NULL, {C(AuditColumns.ContentDigest)} varbinary(32) NULL",
                $"DROP TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")}",
                AppendOnlyTrigger(tableName, (a, b) => $"({a} = {b} OR ({a} IS NULL AND {b} IS NULL))"),
            ]),

            // = ignores trailing spaces ('a' = 'a '), so v8's trigger let an UPDATE pad or unpad any kept text.
            new AuditSchemaMigration(9, "Append-only trigger that compares kept values exactly, trailing spaces included",
            [
                $"DROP TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")}",
                AppendOnlyTrigger(tableName, ExactlySame),
            ]),

            // Who placed or released a hold is any actor's id, which neither AuditLimits nor the hold rules bound (the
            // other stores keep it as unbounded text); v7's nvarchar(200) refused the insert of a longer one.
            new AuditSchemaMigration(10, "Legal holds: who placed or released a hold, of any length",
            [
                $"ALTER TABLE {QualifyTableName(AuditSql.HoldsTable)} ALTER COLUMN placed_by nvarchar(max) COLLATE {BinaryCollation} NOT NULL",
                $"ALTER TABLE {QualifyTableName(AuditSql.HoldsTable)} ALTER COLUMN released_by nvarchar(max) COLLATE {BinaryCollation} NULL",
            ]),

            // v9's trigger let an UPDATE clear a person's name, source IP or user agent without putting a pseudonym in the
            // place of their id (AuditRowRewrites builds both from the current predicate: a database below v9 runs v8 to
            // v11 in one transaction, and v11's trigger replaces the others).
            new AuditSchemaMigration(11, "Append-only trigger whose erasure clears a person's fields only where it puts a pseudonym in the place of their id",
            [
                $"DROP TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")}",
                AppendOnlyTrigger(tableName, ExactlySame),
            ]),

            // v11's trigger tested what a tombstone empties with = ('[]' = '[]  '), so it let a tombstoning leave padding there.
            new AuditSchemaMigration(12, "Append-only trigger that checks what a tombstone empties exactly, trailing spaces included",
            [
                $"DROP TRIGGER {QuoteIdentifier(_schema)}.{Name("append_only")}",
                AppendOnlyTrigger(tableName, ExactlySame, ExactlyLiteral),
            ]),

            // A hold's actor is compared with records' actor ids, which keep up to AuditLimits.ActorId characters; v7's
            // nvarchar(200) refused a hold on a longer one.
            new AuditSchemaMigration(13, "Legal holds: a scope's actor id as long as a record's",
            [
                $"ALTER TABLE {QualifyTableName(AuditSql.HoldsTable)} ALTER COLUMN actor_id nvarchar({AuditLimits.ActorId}) COLLATE {BinaryCollation} NULL",
            ]),
        ];
    }

    /// <summary>A column equals a string literal exactly, trailing spaces included (the guard's since v12); an N literal, so that its DATALENGTH counts as the column's.</summary>
    private static string ExactlyLiteral(string column, string literal) => $"({column} = N{literal} AND DATALENGTH({column}) = DATALENGTH(N{literal}))";

    /// <summary>NULL-safe equality that tells trailing spaces apart, which <c>=</c> alone ignores (the guard's since v9).</summary>
    private static string ExactlySame(string a, string b) => $"(({a} = {b} AND DATALENGTH({a}) = DATALENGTH({b})) OR ({a} IS NULL AND {b} IS NULL))";

    /// <summary>
    /// The append-only trigger since v8: an AFTER trigger sees the rows as a set, and every updated row must be one of the
    /// two sanctioned rewrites (<see cref="AuditRowRewrites"/>), with <paramref name="same"/> as the NULL-safe equality.
    /// </summary>
    private string AppendOnlyTrigger(string tableName, Func<string, string, string> same, Func<string, string, string>? isLiteral = null) =>
        $"""
        CREATE TRIGGER {QuoteIdentifier(_schema)}.{QuoteIdentifier(tableName + "_append_only")} ON {QualifyTableName(tableName)} AFTER UPDATE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (
                SELECT 1 FROM deleted AS d FULL JOIN inserted AS i ON i.{QuoteIdentifier(AuditColumns.Seq)} = d.{QuoteIdentifier(AuditColumns.Seq)}
                WHERE CASE WHEN {(isLiteral is null ? AuditRowRewrites.SanctionedUpdatePredicate(this, "d", "i", same) : AuditRowRewrites.SanctionedUpdatePredicate(this, "d", "i", same, isLiteral))} THEN 1 ELSE 0 END = 0)
                THROW 51000, N'audit records are append-only (only a tombstoning or an erasure may rewrite a row)', 1;
        END
        """;

    /// <summary>The schema has the tombstone columns and lets tombstones and erasure through its trigger (v8, tightened in v9, v11 and v12).</summary>
    public bool SupportsRowRewrites => true;

    public ValueTask PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    // An application lock per audit table, owned by the transaction: writers and purges of all instances take turns on the chain head.
    public string ChainLockStatement(string tableName) => TableLock("chain", tableName, 51002, "hash-chain lock");

    // A second application lock per audit table for rewrites in place and purges: an erasure reading and rewriting many
    // rows does not hold up the appends of every instance, and a purge never removes a row while it is rewritten.
    public string RewriteLockStatement(string tableName) => TableLock("rewrite", tableName, 51003, "rewrite lock");

    /// <summary>Takes the exclusive application lock <c>audittrail.{kind}:{schema}.{table}</c> for the transaction, or throws <paramref name="error"/>.</summary>
    private string TableLock(string kind, string tableName, int error, string what) =>
        $"""
        DECLARE @{kind}_lock int;
        EXEC @{kind}_lock = sp_getapplock @Resource = N'audittrail.{kind}:{_schema}.{tableName}', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = {SchemaLockTimeoutMilliseconds};
        IF @{kind}_lock < 0
            THROW {error}, N'AuditTrail could not take the {what} of {_schema}.{tableName} within {SchemaLockTimeoutMilliseconds / 1000} seconds.', 1;
        """;

    // One purge at a time per audit table, across instances: a session application lock, held on a connection of its
    // own for the whole purge and released by the server when that session ends (the process died).
    public string TryPurgeLockStatement(string tableName) =>
        $"""
        DECLARE @purge_lock int;
        EXEC @purge_lock = sp_getapplock @Resource = N'audittrail.purge:{_schema}.{tableName}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0;
        SELECT CASE WHEN @purge_lock >= 0 THEN 1 ELSE 0 END;
        """;

    public string ReleasePurgeLockStatement(string tableName) =>
        $"EXEC sp_releaseapplock @Resource = N'audittrail.purge:{_schema}.{tableName}', @LockOwner = N'Session';";

    public string InsertIfAbsentStatement(string tableName, IReadOnlyList<string> columns)
    {
        var t = QualifyTableName(tableName);
        var id = QuoteIdentifier(AuditColumns.Id);

        // UPDLOCK, HOLDLOCK: the key range stays locked until commit, so two instances inserting the same id
        // queue instead of both seeing it absent; the second then skips it.
        return $"INSERT INTO {t} ({string.Join(", ", columns.Select(QuoteIdentifier))}) " +
            $"SELECT {string.Join(", ", columns.Select(column => "@" + column))} " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {t} WITH (UPDLOCK, HOLDLOCK) WHERE {id} = @{AuditColumns.Id})";
    }

    public void ConfigureInsertParameter(DbParameter parameter, string column)
    {
        // SqlClient prepares only typed parameters. Text goes as nvarchar(max): a value too long for its column then
        // fails the insert, where a sized parameter would be cut silently by the client.
        switch (column)
        {
            case AuditColumns.Id:
                parameter.DbType = DbType.Binary;
                parameter.Size = 16;
                break;
            case AuditColumns.OccurredAt or AuditColumns.RecordedAt:
                parameter.DbType = DbType.DateTimeOffset;
                break;
            case AuditColumns.Seq:
                parameter.DbType = DbType.Int64;
                break;
            case AuditColumns.Hash:
                parameter.DbType = DbType.Binary;
                parameter.Size = AuditChain.HashLength;
                break;
            default:
                parameter.DbType = DbType.String;
                parameter.Size = -1;
                break;
        }
    }

    public string KeysetPredicate(string occurredAtParameter, string idParameter)
    {
        var occurredAt = QuoteIdentifier(AuditColumns.OccurredAt);

        // T-SQL has no row comparison; the leading "<=" bounds the index range so that a deep page seeks.
        return $"{occurredAt} <= {occurredAtParameter} AND ({occurredAt} < {occurredAtParameter} OR {QuoteIdentifier(AuditColumns.Id)} < {idParameter})";
    }

    // DATEDIFF_BIG counts second boundaries between the UTC instants; from a start on an hour boundary that floors.
    public string HistogramBucketExpression(string occurredAtColumn, AuditHistogramBuckets buckets, AuditSqlParameters parameters) =>
        $"DATEDIFF_BIG(second, {parameters.Add(ToDbTime(buckets.Start))}, {occurredAtColumn}) / {parameters.Add((long)buckets.Width.TotalSeconds)}";

    public string LimitClause(string limitParameter) => $"OFFSET 0 ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    public string SearchPredicate(string tableName, string search, AuditSqlParameters parameters)
    {
        var t = QualifyTableName(tableName);

        // Both sides folded to lowercase ASCII letters only (TRANSLATE) and compared in a binary collation: the
        // contract's ASCII case-insensitivity, where a case-insensitive collation would also fold other letters.
        var pattern = parameters.Add(LikePattern(search));
        string Like(string text) =>
            $"TRANSLATE({text} COLLATE {BinaryCollation}, N'ABCDEFGHIJKLMNOPQRSTUVWXYZ', N'abcdefghijklmnopqrstuvwxyz') LIKE {pattern} ESCAPE N'\\'";

        return string.Join(" OR ", AuditColumns.SearchedText
            .Select(column => Like($"{t}.{QuoteIdentifier(column)}"))
            .Append($"EXISTS (SELECT 1 FROM OPENJSON({t}.{QuoteIdentifier(AuditColumns.Changes)}) " +
                "WITH ([field] nvarchar(max) '$.field', [old] nvarchar(max) '$.old', [new] nvarchar(max) '$.new') AS change " +
                $"WHERE {Like("change.[field]")} OR {Like("change.[old]")} OR {Like("change.[new]")})"));
    }

    public object ToDbTime(DateTimeOffset value)
    {
        // datetimeoffset(6) holds microseconds: round up (see IAuditSqlDialect.ToDbTime). Never past the last whole
        // microsecond: the server rounds a 7-digit value to the column's 6 digits, and DateTimeOffset.MaxValue (a hold
        // "until forever") would round past 9999-12-31 and fail the statement.
        var ticks = value.UtcTicks;
        var remainder = ticks % 10;
        var rounded = remainder == 0 ? ticks : ticks + (10 - remainder);
        return new DateTimeOffset(Math.Min(rounded, LastWholeMicrosecondTicks), TimeSpan.Zero);
    }

    public DateTimeOffset FromDbTime(object value) => value switch
    {
        DateTimeOffset time => time.ToUniversalTime(),
        DateTime time => new DateTimeOffset(time.Ticks, TimeSpan.Zero),
        _ => throw new InvalidDataException($"A time column holds a {value?.GetType().Name ?? "null"}, not a datetimeoffset."),
    };

    public object ToDbId(Guid id) => id.ToByteArray(bigEndian: true);

    public Guid FromDbId(object value) => value is byte[] { Length: 16 } bytes
        ? new Guid(bytes, bigEndian: true)
        : throw new InvalidDataException($"The audit column '{AuditColumns.Id}' holds a {value?.GetType().Name ?? "null"}, not binary(16).");

    // = in T-SQL ignores trailing spaces ('a' = 'a '); equal byte lengths make it exact.
    public string TextEqualsAnyPredicate(string column, IReadOnlyList<string> placeholders) =>
        placeholders.Count == 1
            ? $"({column} = {placeholders[0]} AND DATALENGTH({column}) = DATALENGTH({placeholders[0]}))"
            : "(" + string.Join(" OR ", placeholders.Select(p => $"({column} = {p} AND DATALENGTH({column}) = DATALENGTH({p}))")) + ")";

    // DISTINCT and GROUP BY ignore trailing spaces as = does: the length keeps 'alice' and 'alice ' two values.
    public string? DistinctTextKey(string column) => $"DATALENGTH({column})";

    public string CountAllExpression => "COUNT_BIG(*)";

    // OFFSET ... FETCH needs an ORDER BY, which would make the count sort what it stops early to avoid.
    public string CountUpToStatement(string fromWhere, string limitParameter) =>
        $"SELECT {CountAllExpression} FROM (SELECT TOP ({limitParameter}) 1 AS one {fromWhere}) AS capped";

    /// <summary>
    /// A LIKE pattern matching <paramref name="text"/> literally anywhere, with ASCII letters lowercased: <c>%</c>,
    /// <c>_</c>, <c>[</c> (a character class in T-SQL) and the escape character are escaped with <c>\</c>.
    /// </summary>
    public static string LikePattern(string text)
    {
        var pattern = new StringBuilder(text.Length + 8);
        pattern.Append('%');
        foreach (var c in text)
        {
            if (c is '%' or '_' or '[' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c);
        }

        return pattern.Append('%').ToString();
    }
}
