using System.Data.Common;
using System.Globalization;

namespace AuditTrail.Relational;

/// <summary>
/// What differs between databases in the SQL of <see cref="RelationalAuditStore"/>: quoting, DDL,
/// transactions, paging syntax, the idempotent insert, purge, full-text search and time encoding. A dialect
/// is chosen explicitly by the store package, never guessed from a connection type.
/// </summary>
/// <remarks>
/// Every method that receives a table name receives one already validated against
/// <see cref="AuditSql.IdentifierPattern"/>; column names come from <see cref="AuditColumns"/>. Statements
/// bind values only through named <c>@</c> parameters.
/// </remarks>
public interface IAuditSqlDialect
{
    /// <summary>Quotes a validated identifier, for example <c>"audit_events"</c> or <c>[audit_events]</c>.</summary>
    /// <param name="identifier">A name that matches <see cref="AuditSql.IdentifierPattern"/>.</param>
    /// <returns>The quoted identifier.</returns>
    string QuoteIdentifier(string identifier);

    /// <summary>
    /// The statement that creates the schema version table when it does not exist, with the columns
    /// <c>table_name</c> (text), <c>version</c> (integer), <c>description</c> (text), primary key
    /// (<c>table_name</c>, <c>version</c>), and optionally an applied-at time filled by the database.
    /// </summary>
    /// <param name="versionTableName">The validated name of the version table.</param>
    /// <returns>An idempotent DDL statement.</returns>
    string CreateSchemaVersionTableStatement(string versionTableName);

    /// <summary>
    /// The migrations that build the audit table <paramref name="tableName"/>, its indexes and any search
    /// structures, ordered by version starting at 1 without gaps. Released migrations never change; a
    /// schema change is a new migration.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <returns>The migrations.</returns>
    IReadOnlyList<AuditSchemaMigration> GetMigrations(string tableName);

    /// <summary>Applies per-connection settings (pragmas, session options) to a connection that was just opened.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the connection is ready.</returns>
    ValueTask PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction that will write. It must take the write lock up front (SQLite: <c>BEGIN IMMEDIATE</c>),
    /// so concurrent writers and concurrent schema initializations, in this process or another, queue instead
    /// of failing or deadlocking on a lock upgrade.
    /// </summary>
    /// <param name="connection">The open, prepared connection.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction.</returns>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// An insert of one row that does nothing when a row with the same <see cref="AuditColumns.Id"/> exists
    /// (SQLite and PostgreSQL: <c>ON CONFLICT (id) DO NOTHING</c>). Each column's value is bound to the
    /// parameter <c>@</c> + its column name. It must not ignore any other error.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <param name="columns">The columns to insert, in order; see <see cref="AuditColumns.Inserted"/>.</param>
    /// <returns>The statement.</returns>
    string InsertIfAbsentStatement(string tableName, IReadOnlyList<string> columns);

    /// <summary>
    /// A predicate true for rows strictly after a keyset position in the newest-first order
    /// (<see cref="AuditColumns.OccurredAt"/> descending, then <see cref="AuditColumns.Id"/> descending, ids
    /// compared as ordinal text), written so that the (occurred_at, id) index can seek to it.
    /// </summary>
    /// <param name="occurredAtParameter">The placeholder holding the position's time, encoded by <see cref="ToDbTime"/>.</param>
    /// <param name="idParameter">The placeholder holding the position's id, encoded by <see cref="ToDbId"/>.</param>
    /// <returns>The predicate.</returns>
    string KeysetPredicate(string occurredAtParameter, string idParameter);

    /// <summary>The clause that follows <c>ORDER BY</c> to return at most a number of rows (<c>LIMIT @p</c>, <c>OFFSET 0 ROWS FETCH NEXT @p ROWS ONLY</c>).</summary>
    /// <param name="limitParameter">The placeholder holding the row count.</param>
    /// <returns>The clause.</returns>
    string LimitClause(string limitParameter);

    /// <summary>
    /// A predicate true for rows where <paramref name="search"/> occurs, case-insensitively (ASCII) and
    /// literally, as a substring of any field <see cref="AuditFilter.Search"/> lists. Query syntax and LIKE
    /// wildcards in the text must have no effect. Columns may be qualified with the quoted table name.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <param name="search">The non-empty search text.</param>
    /// <param name="parameters">Where to bind the values the predicate needs.</param>
    /// <returns>The predicate.</returns>
    string SearchPredicate(string tableName, string search, AuditSqlParameters parameters);

    /// <summary>
    /// A search the dialect's full-text index can answer newest row first, so that a page of results costs a
    /// page of index entries rather than every match; or <see langword="null"/> (the default) when the dialect
    /// has no such index or cannot use it for this text, and the store puts <see cref="SearchPredicate"/> in
    /// the page query instead.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <param name="search">The non-empty search text.</param>
    /// <param name="parameters">Where to bind the values both parts need (bound once, used by every statement of the search).</param>
    /// <param name="belowParameter">The placeholder of the sequence number the candidates must be below.</param>
    /// <param name="limitParameter">The placeholder of the most candidates to return.</param>
    /// <returns>The statements, or <see langword="null"/>.</returns>
    AuditIndexedSearch? IndexedSearch(string tableName, string search, AuditSqlParameters parameters, string belowParameter, string limitParameter) => null;

    /// <summary>
    /// Encodes a time for storage and for comparison with stored times. A dialect whose storage is coarser
    /// than <see cref="DateTimeOffset"/> ticks rounds up, which keeps both inclusive lower bounds
    /// (<c>&gt;=</c>) and exclusive upper bounds (<c>&lt;</c>) exact against stored values.
    /// </summary>
    /// <param name="value">The time.</param>
    /// <returns>The database value.</returns>
    object ToDbTime(DateTimeOffset value);

    /// <summary>Decodes a stored time into a UTC <see cref="DateTimeOffset"/>.</summary>
    /// <param name="value">The value read from a time column.</param>
    /// <returns>The time, with a zero offset.</returns>
    DateTimeOffset FromDbTime(object value);

    // The members below have defaults that suit a database whose tables live in one unnamed schema and whose
    // text and id columns compare as SQLite's do; server dialects override what differs.

    /// <summary>
    /// The name by which statements refer to a table: the quoted name, qualified with a schema where the
    /// dialect has one (<c>"audit"."audit_events"</c>, <c>[dbo].[audit_events]</c>). Used for the audit table
    /// and the schema version table. Default: <see cref="QuoteIdentifier"/>.
    /// </summary>
    /// <param name="tableName">A validated table name.</param>
    /// <returns>The qualified, quoted name.</returns>
    string QualifyTableName(string tableName) => QuoteIdentifier(tableName);

    /// <summary>
    /// A statement run first in the transaction that creates or migrates the schema, to serialize schema changes of
    /// every process that shares the database so that a migration runs exactly once; a server database takes an
    /// application lock here (<c>pg_advisory_xact_lock</c>, <c>sp_getapplock</c>), held to commit. Default:
    /// <see langword="null"/>, when <see cref="BeginWriteTransactionAsync"/> already takes a database-wide write lock (SQLite).
    /// </summary>
    string? SchemaLockStatement => null;

    /// <summary>
    /// Encodes an event id for storage and comparison. The encoding must order exactly as the lowercase "D"
    /// text of the ids does (ordinal), which the keyset order relies on. Default: that text.
    /// </summary>
    /// <param name="id">The id.</param>
    /// <returns>The database value.</returns>
    object ToDbId(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>
    /// Decodes a stored id. Default: parses the "D" text that the default <see cref="ToDbId"/> stores, and takes a
    /// <see cref="Guid"/> as it is (a row reader that parses the column's bytes itself gives one).
    /// </summary>
    /// <param name="value">The value read from the id column.</param>
    /// <returns>The id.</returns>
    Guid FromDbId(object value) => value switch
    {
        string text => Guid.ParseExact(text, "D"),
        Guid id => id,
        _ => throw new InvalidDataException($"The audit column '{AuditColumns.Id}' holds a {value?.GetType().Name ?? "null"}, not id text."),
    };

    /// <summary>
    /// Adapts a text value, written or compared, to what the database can hold; applied alike to stored
    /// values and filter values so that filters keep matching. PostgreSQL, which cannot store NUL, replaces it
    /// with U+FFFD as the write pipeline already does. Default: the value unchanged.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>The text to store or compare.</returns>
    string ToDbText(string value) => value;

    /// <summary>
    /// A predicate true when a text column equals one of the given values exactly and ordinally. Default:
    /// <c>column = @p</c> or <c>column IN (@p0, @p1)</c>; a database whose <c>=</c> ignores trailing spaces
    /// (SQL Server) adds what makes it exact.
    /// </summary>
    /// <param name="column">The quoted column.</param>
    /// <param name="placeholders">One or more placeholders, each holding a value passed through <see cref="ToDbText"/>; or one column reference of another row (the facets' <c>actors.actor_key</c>).</param>
    /// <returns>The predicate.</returns>
    string TextEqualsAnyPredicate(string column, IReadOnlyList<string> placeholders) =>
        placeholders.Count == 1 ? $"{column} = {placeholders[0]}" : $"{column} IN ({string.Join(", ", placeholders)})";

    /// <summary>
    /// An expression of a text column that, selected beside it in a <c>SELECT DISTINCT</c>, keeps apart values that
    /// differ only by trailing spaces, for a database whose <c>DISTINCT</c> ignores them (SQL Server:
    /// <c>DATALENGTH(column)</c>); or <see langword="null"/> (the default), when <c>DISTINCT</c> is exact already.
    /// </summary>
    /// <param name="column">The quoted column.</param>
    /// <returns>The expression, or <see langword="null"/>.</returns>
    string? DistinctTextKey(string column) => null;

    /// <summary>
    /// A statement run first in every write and purge transaction to serialize the writers of the hash chain
    /// of <paramref name="tableName"/> across processes, or <see langword="null"/> when
    /// <see cref="BeginWriteTransactionAsync"/> already takes a database-wide write lock (SQLite). A server
    /// database takes a transaction-scoped lock (<c>pg_advisory_xact_lock</c>, <c>sp_getapplock</c>), so two
    /// instances can never fork the chain. Default: <see langword="null"/>.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <returns>The statement, or <see langword="null"/>.</returns>
    string? ChainLockStatement(string tableName) => null;

    /// <summary>
    /// A statement that takes the rewrite lock of <paramref name="tableName"/> to commit, or <see langword="null"/> to
    /// use <see cref="ChainLockStatement"/> for rewrites too. Rewrites in place (an erasure, tombstones) take it
    /// instead of the chain lock, so that appends of every instance go on while they read, check and rewrite many
    /// rows; purges take it before the chain lock, so that no row is purged while it is rewritten. A server database
    /// takes a second transaction-scoped lock on another resource than the chain lock's. Default: <see langword="null"/>.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <returns>The statement, or <see langword="null"/>.</returns>
    string? RewriteLockStatement(string tableName) => null;

    /// <summary>
    /// A statement that takes the store-wide purge lock of <paramref name="tableName"/> for the session, without waiting,
    /// and selects 1 when it took it, 0 when another session holds it (<c>pg_try_advisory_lock</c>, <c>sp_getapplock</c>
    /// with <c>@LockOwner = 'Session'</c> and <c>@LockTimeout = 0</c>). The store runs it on a connection of its own,
    /// held for the whole purge (<see cref="IAuditPurgeLock"/>); the server releases the lock when the session ends, so a
    /// purge whose process dies leaves it free. Default: <see langword="null"/>, when the database has no session lock
    /// (then a store package gives <see cref="RelationalAuditStoreStrategies.PurgeLock"/>, or purges are serialized
    /// only within the store instance).
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <returns>The statement, or <see langword="null"/>.</returns>
    string? TryPurgeLockStatement(string tableName) => null;

    /// <summary>The statement that releases the session lock <see cref="TryPurgeLockStatement"/> took. Default: <see langword="null"/>.</summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <returns>The statement, or <see langword="null"/>.</returns>
    string? ReleasePurgeLockStatement(string tableName) => null;

    /// <summary>
    /// An integer expression that numbers the histogram bucket of a row's time: <c>floor((occurred_at - start) / width)</c>
    /// for the <paramref name="buckets"/>, evaluated only for rows within them. Default: a <c>CASE</c> over the bucket
    /// boundaries, which any database evaluates with the comparisons the filters already use; a dialect replaces it with
    /// arithmetic on its time encoding.
    /// </summary>
    /// <param name="occurredAtColumn">The quoted <see cref="AuditColumns.OccurredAt"/> column.</param>
    /// <param name="buckets">The buckets: a start on a UTC hour or day boundary, a width and a count.</param>
    /// <param name="parameters">Where to bind the values the expression needs.</param>
    /// <returns>The expression.</returns>
    string HistogramBucketExpression(string occurredAtColumn, AuditHistogramBuckets buckets, AuditSqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(parameters);
        if (buckets.Count == 1)
        {
            return "0";
        }

        var text = new System.Text.StringBuilder("CASE");
        for (var index = 1; index < buckets.Count; index++)
        {
            text.Append(CultureInfo.InvariantCulture, $" WHEN {occurredAtColumn} < {parameters.Add(ToDbTime(buckets.StartOf(index)))} THEN {index - 1}");
        }

        return text.Append(CultureInfo.InvariantCulture, $" ELSE {buckets.Count - 1} END").ToString();
    }

    /// <summary>
    /// Whether the dialect's migrations add the nullable <see cref="AuditColumns.Tombstone"/> and
    /// <see cref="AuditColumns.ContentDigest"/> columns and let its append-only guard pass the two sanctioned rewrites
    /// of <see cref="AuditRowRewrites"/> (tombstones and erasure). Default: <see langword="false"/>, for a dialect written
    /// before them: the store then reads every row as whole and tombstones and erases nothing.
    /// </summary>
    bool SupportsRowRewrites => false;

    /// <summary>
    /// Whether <paramref name="exception"/> says that another connection or process held the write lock longer than the
    /// database waits for it (SQLite's <c>SQLITE_BUSY</c> after its busy timeout), as when another instance migrates a
    /// large table: the schema initializer then waits for the lock again, up to 10 minutes, instead of failing. Default:
    /// <see langword="false"/>, for a dialect whose <see cref="SchemaLockStatement"/> waits for the lock itself.
    /// </summary>
    /// <param name="exception">What beginning the schema transaction threw.</param>
    /// <returns>Whether waiting for the lock again may succeed.</returns>
    bool IsBusy(DbException exception) => false;

    /// <summary>The aggregate that counts matching rows as a 64-bit number (<c>COUNT_BIG(*)</c> in SQL Server). Default: <c>COUNT(*)</c>.</summary>
    string CountAllExpression => "COUNT(*)";

    /// <summary>
    /// A statement that counts the rows a FROM and WHERE clause selects but stops after a number of them, so that a
    /// count capped for display reads at most that many matching rows. Default:
    /// <c>SELECT COUNT(*) FROM (SELECT 1 AS one {fromWhere} {LimitClause}) AS capped</c>, which needs a
    /// <see cref="LimitClause"/> valid without <c>ORDER BY</c>; SQL Server uses <c>TOP</c> instead.
    /// </summary>
    /// <param name="fromWhere">The FROM clause and the filter's WHERE clause, for example <c>FROM "audit_events" WHERE ...</c>.</param>
    /// <param name="limitParameter">The placeholder holding the most rows to count (a 64-bit integer).</param>
    /// <returns>The statement, one row and one column: the count, at most the limit.</returns>
    string CountUpToStatement(string fromWhere, string limitParameter) =>
        $"SELECT {CountAllExpression} FROM (SELECT 1 AS one {fromWhere} {LimitClause(limitParameter)}) AS capped";

    /// <summary>
    /// Types a parameter of the prepared insert before it is prepared (some providers, such as SqlClient,
    /// cannot prepare untyped parameters). Default: leaves the provider to infer the type from each value.
    /// </summary>
    /// <param name="parameter">The parameter, named <c>@</c> + <paramref name="column"/>.</param>
    /// <param name="column">The column it fills, one of <see cref="AuditColumns.Inserted"/>.</param>
    void ConfigureInsertParameter(DbParameter parameter, string column)
    {
    }
}
