using System.Data;
using System.Data.Common;
using System.Text;
using AuditTrail.Relational;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The PostgreSQL dialect: a schema-qualified table with an identity key, <c>uuid</c> ids, <c>timestamptz</c>
/// times, <c>jsonb</c> changes and metadata, <c>COLLATE "C"</c> text, migrations serialized by a transaction-level
/// advisory lock, and search through a pg_trgm GIN index confirmed by an exact <c>ILIKE</c>.
/// </summary>
internal sealed class PostgreSqlAuditSqlDialect : IAuditSqlDialect
{
    /// <summary>
    /// The advisory lock every AuditTrail migration in a database takes ("AuditTr1" in ASCII). One key for the
    /// whole database, not one per table, because the pg_trgm extension and the version table are shared.
    /// </summary>
    public const long SchemaLockKey = 0x4175646974547231;

    /// <summary>Below three characters a search has no trigram, so the index cannot narrow it and is left out.</summary>
    public const int MinIndexedSearchLength = 3;

    // The arguments of the search text function of schema v1, in its parameter order; the index and the query must
    // spell them alike. Written out rather than taken from AuditRecordFields.Searched (whose order differs): a released
    // migration's function and index must never change.
    private static readonly string[] SearchTextArgumentsV1 =
    [
        AuditColumns.ActorId, AuditColumns.ActorName, AuditColumns.Action, AuditColumns.ResourceType,
        AuditColumns.ResourceId, AuditColumns.ResourceName, AuditColumns.Description, AuditColumns.Changes,
        AuditColumns.FailureReason, AuditColumns.SourceIp,
    ];

    // The arguments of the search text function since schema v4 (the target user's appended), which the query uses.
    // A test holds it to the searched fields.
    internal static readonly string[] SearchTextArguments =
        [.. SearchTextArgumentsV1, AuditColumns.TargetUserId, AuditColumns.TargetUserName];

    private readonly string _schema;
    private readonly bool _partitioned;

    /// <param name="schema">The schema of the audit table.</param>
    /// <param name="partitioned">Whether the table has the partitioned layout, whose id index cannot be unique.</param>
    public PostgreSqlAuditSqlDialect(string schema, bool partitioned = false)
    {
        _schema = schema;
        _partitioned = partitioned;
    }

    public string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string QualifyTableName(string tableName) => QuoteIdentifier(_schema) + "." + QuoteIdentifier(tableName);

    public string CreateSchemaVersionTableStatement(string versionTableName)
    {
        var table = QualifyTableName(versionTableName);

        // Checked before creating, rather than CREATE ... IF NOT EXISTS, because PostgreSQL checks the CREATE
        // privilege first: an application role without it can still start against a schema that a deployment made.
        return $"""
            DO $audit$
            BEGIN
                IF to_regnamespace('{QuoteIdentifier(_schema)}') IS NULL THEN
                    CREATE SCHEMA {QuoteIdentifier(_schema)};
                END IF;
                IF to_regclass('{table}') IS NULL THEN
                    CREATE TABLE {table} (
                        table_name text NOT NULL,
                        version integer NOT NULL,
                        description text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        PRIMARY KEY (table_name, version)
                    );
                END IF;
            END
            $audit$
            """;
    }

    public IReadOnlyList<AuditSchemaMigration> GetMigrations(string tableName)
    {
        var t = QualifyTableName(tableName);
        string Name(string suffix) => QuoteIdentifier(tableName + "_" + suffix);
        string Qualified(string suffix) => QuoteIdentifier(_schema) + "." + Name(suffix);
        string C(string column) => QuoteIdentifier(column);
        string Columns(params string[] columns) => string.Join(", ", columns.Select(C));

        var searchFunction = Qualified("search_text");
        var searchArguments = Columns(SearchTextArgumentsV1);

        return
        [
            new AuditSchemaMigration(1, "Audit table, indexes, pg_trgm search index and append-only trigger",
            [
                // pg_trgm is trusted since PostgreSQL 13: the database owner may create it. When this role cannot, the
                // error says what to run instead of PostgreSQL's bare "permission denied".
                """
                DO $audit$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                        BEGIN
                            CREATE EXTENSION pg_trgm;
                        EXCEPTION WHEN OTHERS THEN
                            RAISE EXCEPTION 'AuditTrail needs the PostgreSQL extension pg_trgm for its search index and could not create it: %', SQLERRM
                                USING HINT = 'Have a superuser or the database owner run "CREATE EXTENSION pg_trgm;" in this database (it ships with PostgreSQL, in postgresql-contrib on some distributions), then start the application again.';
                        END;
                    END IF;
                END
                $audit$
                """,

                // seq: an identity that is never reused, for a later hash chain. "C" collation: filters compare
                // text ordinally, and the btree indexes compare bytes instead of locale rules.
                $"""
                CREATE TABLE {t} (
                    {C(AuditColumns.Seq)} bigint GENERATED ALWAYS AS IDENTITY,
                    {C(AuditColumns.Id)} uuid NOT NULL,
                    {C(AuditColumns.OccurredAt)} timestamptz NOT NULL,
                    {C(AuditColumns.RecordedAt)} timestamptz NOT NULL,
                    {C(AuditColumns.ActorId)} text COLLATE "C" NOT NULL,
                    {C(AuditColumns.ActorName)} text COLLATE "C" NULL,
                    {C(AuditColumns.ActorType)} text COLLATE "C" NOT NULL,
                    {C(AuditColumns.Action)} text COLLATE "C" NOT NULL,
                    {C(AuditColumns.ActionType)} text COLLATE "C" NOT NULL,
                    {C(AuditColumns.Outcome)} text COLLATE "C" NOT NULL,
                    {C(AuditColumns.FailureReason)} text COLLATE "C" NULL,
                    {C(AuditColumns.ResourceType)} text COLLATE "C" NULL,
                    {C(AuditColumns.ResourceId)} text COLLATE "C" NULL,
                    {C(AuditColumns.ResourceName)} text COLLATE "C" NULL,
                    {C(AuditColumns.Description)} text COLLATE "C" NULL,
                    {C(AuditColumns.Changes)} jsonb NOT NULL,
                    {C(AuditColumns.SourceIp)} text COLLATE "C" NULL,
                    {C(AuditColumns.UserAgent)} text COLLATE "C" NULL,
                    {C(AuditColumns.CorrelationId)} text COLLATE "C" NULL,
                    {C(AuditColumns.TenantId)} text COLLATE "C" NULL,
                    {C(AuditColumns.Metadata)} jsonb NOT NULL,
                    CONSTRAINT {Name("pkey")} PRIMARY KEY ({C(AuditColumns.Seq)})
                )
                """,

                // A uuid compares its 16 bytes in the order they are written, which is the order of the lowercase
                // text: (occurred_at, id) orders exactly as the store contract says.
                .. AuditSchemaMigration.BaseIndexStatements(this, tableName),

                PostgreSqlSearchText.CreateFunction(searchFunction, SearchTextArgumentsV1),
                PostgreSqlSearchText.CreateIndex(Name("search"), t, searchFunction, searchArguments),

                // An audit trail is append-only; retention deletes, nothing rewrites.
                $"""
                CREATE FUNCTION {Qualified("append_only")}() RETURNS trigger
                LANGUAGE plpgsql
                AS $audit$
                BEGIN
                    RAISE EXCEPTION 'audit records are append-only';
                END
                $audit$
                """,
                $"CREATE TRIGGER {Name("append_only")} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {Qualified("append_only")}()",
            ]),
            new AuditSchemaMigration(2, "Hash chain: a hash per row and the retention anchor",
            [
                // From now on the store assigns seq itself, gap-free, under the chain lock; an identity could leave gaps.
                $"ALTER TABLE {t} ALTER COLUMN {C(AuditColumns.Seq)} DROP IDENTITY IF EXISTS",
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.Hash)} bytea NULL",
                $"""
                CREATE TABLE IF NOT EXISTS {QualifyTableName(AuditSql.ChainTable)} (
                    table_name text COLLATE "C" NOT NULL PRIMARY KEY,
                    anchor_seq bigint NOT NULL,
                    anchor_hash bytea NOT NULL
                )
                """,
            ]),
            AuditSchemaMigration.ActionAndSourceIpIndexes(this, tableName),
            PostgreSqlTargetUserMigration.Create(this, _schema, tableName),
            AuditSchemaMigration.CanonicalSourceIps(
                5,
                [
                    $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.SourceIpAsHashed)} text COLLATE \"C\" NULL",
                    $"ALTER TABLE {t} DISABLE TRIGGER {Name("append_only")}",
                ],
                [$"ALTER TABLE {t} ENABLE TRIGGER {Name("append_only")}"]),
            new AuditSchemaMigration(6, "Search index in a table of its own, filled after commit", PostgreSqlSearchRows.Migration(this, _schema, tableName)),
            new AuditSchemaMigration(7, "Feed consumers: a durable position and a lease per consumer name",
            [
                $"""
                CREATE TABLE IF NOT EXISTS {QualifyTableName(AuditSql.ConsumersTable)} (
                    table_name text COLLATE "C" NOT NULL,
                    name text COLLATE "C" NOT NULL,
                    position bigint NOT NULL,
                    lease_owner text COLLATE "C" NULL,
                    lease_expires_at timestamptz NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (table_name, name)
                )
                """,
            ]),
            new AuditSchemaMigration(8, "Legal holds: what retention must keep, per audit table",
            [
                $"""
                CREATE TABLE IF NOT EXISTS {QualifyTableName(AuditSql.HoldsTable)} (
                    table_name text COLLATE "C" NOT NULL,
                    id text COLLATE "C" NOT NULL,
                    tenant_id text COLLATE "C" NULL,
                    actor_id text COLLATE "C" NULL,
                    occurred_from timestamptz NULL,
                    occurred_until timestamptz NULL,
                    reason text NOT NULL,
                    placed_by text COLLATE "C" NOT NULL,
                    placed_at timestamptz NOT NULL,
                    released_by text COLLATE "C" NULL,
                    released_at timestamptz NULL,
                    PRIMARY KEY (table_name, id)
                )
                """,
            ]),
            new AuditSchemaMigration(9, "Tombstones and erasure: the tombstone and content digest columns, and an append-only trigger that lets only those rewrites through",
            [
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.Tombstone)} text COLLATE \"C\" NULL",
                $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.ContentDigest)} bytea NULL",
                AppendOnlyFunction(Qualified("append_only")),
            ]),

            // v9's function let an UPDATE clear a person's name, source IP or user agent without putting a pseudonym in
            // the place of their id. The trigger stays (on a partitioned table, every partition's clone of it calls the
            // function by name); only the function it calls is replaced.
            new AuditSchemaMigration(10, "Append-only trigger whose erasure clears a person's fields only where it puts a pseudonym in the place of their id",
            [
                AppendOnlyFunction(Qualified("append_only")),
            ]),
        ];
    }

    /// <summary>
    /// The function of the append-only trigger since v9, which lets only the sanctioned rewrites through
    /// (<see cref="AuditRowRewrites"/>). v9 and v10 both build it from the current predicate: a database that had not
    /// reached v9 runs v9 and v10 in one transaction, and v10's function replaces v9's.
    /// </summary>
    private string AppendOnlyFunction(string qualifiedName) =>
        $"""
        CREATE OR REPLACE FUNCTION {qualifiedName}() RETURNS trigger
        LANGUAGE plpgsql
        AS $audit$
        BEGIN
            IF COALESCE({AuditRowRewrites.SanctionedUpdatePredicate(this, "OLD", "NEW", (a, b) => $"{a} IS NOT DISTINCT FROM {b}")}, false) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'audit records are append-only (only a tombstoning or an erasure may rewrite a row)';
        END
        $audit$
        """;

    /// <summary>The schema has the tombstone columns and lets tombstones and erasure through its trigger (v9, tightened in v10).</summary>
    public bool SupportsRowRewrites => true;

    public ValueTask PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>The statement that takes the migration lock inside the schema transaction.</summary>
    public string SchemaLockStatement { get; } = $"SELECT pg_advisory_xact_lock({SchemaLockKey})";

    // One lock per audit table, held to commit: writers and purges of all instances take turns on the chain head.
    public string ChainLockStatement(string tableName) => "SELECT " + ChainLockCall(tableName);

    // A second lock per audit table for rewrites in place and purges: an erasure reading and rewriting many rows
    // does not hold up the appends of every instance, and a purge never removes a row while it is rewritten.
    public string RewriteLockStatement(string tableName) =>
        $"SELECT pg_advisory_xact_lock(hashtextextended('audittrail.rewrite:{_schema}.{tableName}', 0))";

    // One purge at a time per audit table, across instances: a session lock, held on a connection of its own for the
    // whole purge and released by the server when that session ends (the process died), so a killed purge frees it.
    public string TryPurgeLockStatement(string tableName) =>
        $"SELECT CASE WHEN pg_try_advisory_lock(hashtextextended('audittrail.purge:{_schema}.{tableName}', 0)) THEN 1 ELSE 0 END";

    public string ReleasePurgeLockStatement(string tableName) =>
        $"SELECT pg_advisory_unlock(hashtextextended('audittrail.purge:{_schema}.{tableName}', 0))";

    /// <summary>The call that takes the chain lock of <paramref name="tableName"/>, for a statement that selects other values too.</summary>
    internal string ChainLockCall(string tableName) =>
        $"pg_advisory_xact_lock(hashtextextended('audittrail.chain:{_schema}.{tableName}', 0))";

    // A partitioned table has no unique index on id for ON CONFLICT; the store inserts under the chain lock, so a
    // NOT EXISTS test of the id cannot race another writer.
    public string InsertIfAbsentStatement(string tableName, IReadOnlyList<string> columns) => _partitioned
        ? $"INSERT INTO {QualifyTableName(tableName)} ({string.Join(", ", columns.Select(QuoteIdentifier))}) " +
            $"SELECT {string.Join(", ", columns.Select(column => "@" + column))} " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {QualifyTableName(tableName)} WHERE {QuoteIdentifier(AuditColumns.Id)} = @{AuditColumns.Id})"
        : $"INSERT INTO {QualifyTableName(tableName)} ({string.Join(", ", columns.Select(QuoteIdentifier))}) " +
        $"VALUES ({string.Join(", ", columns.Select(column => "@" + column))}) " +
        $"ON CONFLICT ({QuoteIdentifier(AuditColumns.Id)}) DO NOTHING";

    /// <summary>The type of an inserted column, as Npgsql sends it.</summary>
    public static NpgsqlDbType ColumnType(string column) => column switch
    {
        AuditColumns.Id => NpgsqlDbType.Uuid,
        AuditColumns.OccurredAt or AuditColumns.RecordedAt => NpgsqlDbType.TimestampTz,
        AuditColumns.Changes or AuditColumns.Metadata => NpgsqlDbType.Jsonb,
        AuditColumns.Seq => NpgsqlDbType.Bigint,
        AuditColumns.Hash => NpgsqlDbType.Bytea,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>The SQL name of <see cref="ColumnType"/>.</summary>
    public static string ColumnTypeName(string column) => ColumnType(column) switch
    {
        NpgsqlDbType.Uuid => "uuid",
        NpgsqlDbType.TimestampTz => "timestamptz",
        NpgsqlDbType.Jsonb => "jsonb",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Bytea => "bytea",
        _ => "text",
    };

    public void ConfigureInsertParameter(DbParameter parameter, string column) =>
        ((NpgsqlParameter)parameter).NpgsqlDbType = ColumnType(column);

    // A row comparison is what the (occurred_at, id) index seeks on directly.
    public string KeysetPredicate(string occurredAtParameter, string idParameter) =>
        $"({QuoteIdentifier(AuditColumns.OccurredAt)}, {QuoteIdentifier(AuditColumns.Id)}) < ({occurredAtParameter}, {idParameter})";

    public string HistogramBucketExpression(string occurredAtColumn, AuditHistogramBuckets buckets, AuditSqlParameters parameters) =>
        $"CAST(floor(extract(epoch FROM {occurredAtColumn} - {parameters.Add(ToDbTime(buckets.Start))}) / {parameters.Add((long)buckets.Width.TotalSeconds)}) AS bigint)";

    public string LimitClause(string limitParameter) => "LIMIT " + limitParameter;

    public string SearchPredicate(string tableName, string search, AuditSqlParameters parameters)
    {
        var t = QualifyTableName(tableName);
        var (candidate, exact) = ExactSearch(t, search, parameters);
        if (search.EnumerateRunes().Count() < MinIndexedSearchLength)
        {
            return exact;
        }

        // The candidates are the trigram index's matches plus every row above its end (the unindexed tail, which
        // writers leave to the index pass); the per-field test decides, and keeps a search from matching across fields.
        var rows = PostgreSqlSearchRows.QualifiedTable(this, tableName);
        var seq = QuoteIdentifier(AuditColumns.Seq);
        return $"{t}.{seq} IN (SELECT indexed.seq FROM {rows} AS indexed WHERE indexed.search_text ILIKE {candidate} ESCAPE E'\\\\' " +
            $"UNION ALL SELECT tail.{seq} FROM {t} AS tail WHERE tail.{seq} > {PostgreSqlSearchRows.IndexedThroughOf(rows)}) AND ({exact})";
    }

    /// <summary>
    /// A page of a search, newest candidates first: the unindexed tail's matches, then the search table's below the
    /// given sequence number, each in descending sequence order up to the limit. As a whole query (<see cref="SearchPredicate"/>)
    /// a frequent term made PostgreSQL gather every match of the trigram index before it sorted them by time (3.7 s for
    /// the 250 000 matches of 1 M rows); here the planner chooses per term between the primary key walked downwards,
    /// which stops after a few rows for a frequent term, and the trigram index for a rare one.
    /// </summary>
    public AuditIndexedSearch? IndexedSearch(string tableName, string search, AuditSqlParameters parameters, string belowParameter, string limitParameter)
    {
        if (search.EnumerateRunes().Count() < MinIndexedSearchLength)
        {
            return null;
        }

        var t = QualifyTableName(tableName);
        var (candidate, exact) = ExactSearch(t, search, parameters);
        var rows = PostgreSqlSearchRows.QualifiedTable(this, tableName);
        var seq = QuoteIdentifier(AuditColumns.Seq);
        var tail = $"SELECT {t}.{seq} AS candidate FROM {t} WHERE {t}.{seq} > {PostgreSqlSearchRows.IndexedThroughOf(rows)} " +
            $"AND {t}.{seq} < {belowParameter} AND ({exact}) ORDER BY {t}.{seq} DESC LIMIT {limitParameter}";
        var indexed = $"SELECT indexed.seq AS candidate FROM {rows} AS indexed WHERE indexed.search_text ILIKE {candidate} ESCAPE E'\\\\' " +
            $"AND indexed.seq < {belowParameter} ORDER BY indexed.seq DESC LIMIT {limitParameter}";
        var candidates = $"SELECT candidate FROM (({tail}) UNION ALL ({indexed})) AS candidates ORDER BY candidate DESC LIMIT {limitParameter}";
        return new AuditIndexedSearch(candidates, exact);
    }

    /// <summary>
    /// The search contract on the row's own fields: <c>ILIKE</c> under "C" folds ASCII letters only, as the contract
    /// says; the pattern escapes % _ and \. Returns the search table's candidate pattern
    /// (<see cref="PostgreSqlSearchPattern.Candidates"/>) and the predicate.
    /// </summary>
    private (string Candidate, string Predicate) ExactSearch(string t, string search, AuditSqlParameters parameters)
    {
        var value = AuditSql.ContainsPattern(ToDbText(search));
        var pattern = parameters.Add(value);
        string Like(string text) => $"({text}) COLLATE \"C\" ILIKE {pattern} ESCAPE E'\\\\'";

        var exact = string.Join(" OR ", AuditColumns.SearchedText
            .Select(column => Like($"{t}.{QuoteIdentifier(column)}"))
            .Append($"EXISTS (SELECT 1 FROM jsonb_array_elements({t}.{QuoteIdentifier(AuditColumns.Changes)}) AS change " +
                $"WHERE {Like("change ->> 'field'")} OR {Like("change ->> 'old'")} OR {Like("change ->> 'new'")})"));
        return (PostgreSqlSearchPattern.Candidates(pattern, value, parameters), exact);
    }

    public object ToDbTime(DateTimeOffset value)
    {
        // timestamptz holds microseconds: round up (see IAuditSqlDialect.ToDbTime). Past the last representable
        // tick, DateTime.MaxValue, which Npgsql writes as 'infinity': still later than every stored time.
        var ticks = value.UtcTicks;
        var remainder = ticks % 10;
        var rounded = remainder == 0 ? ticks : ticks + (10 - remainder);
        return new DateTime(Math.Min(rounded, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }

    public DateTimeOffset FromDbTime(object value) => value switch
    {
        DateTime time => new DateTimeOffset(time.Ticks, TimeSpan.Zero),
        DateTimeOffset time => time.ToUniversalTime(),
        _ => throw new InvalidDataException($"A time column holds a {value?.GetType().Name ?? "null"}, not a timestamptz."),
    };

    public object ToDbId(Guid id) => id;

    public Guid FromDbId(object value) => value is Guid id
        ? id
        : throw new InvalidDataException($"The audit column '{AuditColumns.Id}' holds a {value?.GetType().Name ?? "null"}, not a uuid.");

    // PostgreSQL text cannot hold NUL, and Npgsql refuses ill-formed UTF-16; both become U+FFFD, as the pipeline's
    // normalizer already does, so that records written around the pipeline and filters for them still agree.
    public string ToDbText(string value)
    {
        var span = value.AsSpan();
        var i = 0;
        while (i < span.Length && Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done && rune.Value != 0)
        {
            i += consumed;
        }

        if (i == span.Length)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        builder.Append(span[..i]);
        while (i < span.Length)
        {
            var status = Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed);
            builder.Append(status == System.Buffers.OperationStatus.Done && rune.Value != 0 ? span.Slice(i, consumed) : "\uFFFD");
            i += consumed;
        }

        return builder.ToString();
    }
}
