namespace AuditTrail.Relational;

/// <summary>One step of the audit schema: the statements that take it from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version this step produces; the first step is 1 and each next one adds 1.</param>
/// <param name="Description">What the step does, stored beside the version.</param>
/// <param name="Statements">The DDL statements, run in order inside the schema transaction.</param>
public sealed record AuditSchemaMigration(int Version, string Description, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// The B-tree indexes of schema version 1, the same in every dialect: a unique <c>id</c>; <c>(occurred_at, id)</c>
    /// for the time order; <c>(column…, occurred_at, id)</c> for the actor, action type, resource and tenant filters,
    /// so a filtered first page is a seek; and <c>recorded_at</c> for retention.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the names.</param>
    /// <param name="tableName">The validated audit table name; the indexes are named after it.</param>
    /// <returns>The <c>CREATE INDEX</c> statements.</returns>
    public static IReadOnlyList<string> BaseIndexStatements(IAuditSqlDialect dialect, string tableName) =>
    [
        IndexStatement(dialect, tableName, "id", unique: true, AuditColumns.Id),
        IndexStatement(dialect, tableName, "occurred", unique: false, AuditColumns.OccurredAt, AuditColumns.Id),
        FilterIndexStatement(dialect, tableName, "actor", AuditColumns.ActorId),
        FilterIndexStatement(dialect, tableName, "action_type", AuditColumns.ActionType),
        FilterIndexStatement(dialect, tableName, "resource", AuditColumns.ResourceType, AuditColumns.ResourceId),
        FilterIndexStatement(dialect, tableName, "tenant", AuditColumns.TenantId),
        IndexStatement(dialect, tableName, "recorded", unique: false, AuditColumns.RecordedAt),
    ];

    /// <summary>
    /// Schema version 3, the same in every dialect: the (action, occurred_at, id) and (source_ip, occurred_at, id)
    /// indexes. Without them a first page filtered by either reads the time index until it has a page of matches.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the names.</param>
    /// <param name="tableName">The validated audit table name; the indexes are named after it.</param>
    /// <returns>The migration.</returns>
    public static AuditSchemaMigration ActionAndSourceIpIndexes(IAuditSqlDialect dialect, string tableName) =>
        new(3, "Indexes for the action code and source IP filters",
        [
            FilterIndexStatement(dialect, tableName, "action", AuditColumns.Action),
            FilterIndexStatement(dialect, tableName, "source_ip", AuditColumns.SourceIp),
        ]);

    /// <summary>The description of the migration <see cref="CanonicalSourceIps"/> makes, stored beside its version.</summary>
    public const string CanonicalSourceIpsDescription = "Source IPs in canonical form; the text hashed before kept in source_ip_as_hashed";

    /// <summary>
    /// Whether the store, after <see cref="Statements"/> and before <see cref="FinalStatements"/>, rewrites every stored
    /// source IP that is not in its canonical form (<see cref="AuditIpAddress.Canonicalize"/>) into it, keeping the text
    /// it replaces, which the hash chain covers, in <see cref="AuditColumns.SourceIpAsHashed"/>. The rewrite runs in
    /// C# (no SQL dialect can canonicalise IPv6), page by page, inside the schema transaction: a crash leaves nothing half done.
    /// </summary>
    public bool RewritesSourceIps { get; init; }

    /// <summary>Statements run after the rewrite of <see cref="RewritesSourceIps"/>, in the same transaction (to restore what <see cref="Statements"/> suspended, such as the append-only trigger).</summary>
    public IReadOnlyList<string> FinalStatements { get; init; } = [];

    /// <summary>
    /// The migration that puts stored source IPs in their canonical form (<see cref="RewritesSourceIps"/>) without
    /// breaking the hash chain: the dialect's <paramref name="statements"/> add the nullable
    /// <see cref="AuditColumns.SourceIpAsHashed"/> column (of the type and size of <see cref="AuditColumns.SourceIp"/>)
    /// and suspend the append-only trigger; its <paramref name="finalStatements"/> restore the trigger (and refresh any
    /// copy of the rewritten values, such as a search index that is not maintained by the database).
    /// </summary>
    /// <param name="version">The schema version this step produces.</param>
    /// <param name="statements">The statements run before the rewrite.</param>
    /// <param name="finalStatements">The statements run after it.</param>
    /// <returns>The migration.</returns>
    public static AuditSchemaMigration CanonicalSourceIps(int version, IReadOnlyList<string> statements, IReadOnlyList<string> finalStatements) =>
        new(version, CanonicalSourceIpsDescription, statements) { RewritesSourceIps = true, FinalStatements = finalStatements };

    /// <summary>
    /// The (target_user_id, occurred_at, id) index of the target user migration, the same in every dialect: with the
    /// actor index it serves a regular viewer's scope, "actor is me or target user is me", as two seeks.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the names.</param>
    /// <param name="tableName">The validated audit table name; the index is named after it.</param>
    /// <returns>The <c>CREATE INDEX</c> statement.</returns>
    public static string TargetUserIndexStatement(IAuditSqlDialect dialect, string tableName) =>
        FilterIndexStatement(dialect, tableName, "target_user", AuditColumns.TargetUserId);

    /// <summary>
    /// A partial filter index: (<paramref name="column"/>, occurred_at, id, <paramref name="covered"/>…) over the rows
    /// whose <paramref name="column"/> is not null. For a nullable column that most rows leave empty and that filters
    /// only compare for equality, which implies <c>IS NOT NULL</c>, so the index still serves them.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the names.</param>
    /// <param name="tableName">The validated audit table name; the index is named after it.</param>
    /// <param name="suffix">The index name's suffix.</param>
    /// <param name="column">The filtered column.</param>
    /// <param name="covered">Columns after the time order, which the index covers for a query that reads them too.</param>
    /// <returns>The <c>CREATE INDEX</c> statement.</returns>
    public static string PartialFilterIndexStatement(IAuditSqlDialect dialect, string tableName, string suffix, string column, params string[] covered) =>
        IndexStatement(dialect, tableName, suffix, unique: false, [column, AuditColumns.OccurredAt, AuditColumns.Id, .. covered]) +
        $" WHERE {dialect.QuoteIdentifier(column)} IS NOT NULL";

    /// <summary>An index for a filter: its columns, then the time order, so the first page of the filter is a seek.</summary>
    private static string FilterIndexStatement(IAuditSqlDialect dialect, string tableName, string suffix, params string[] columns) =>
        IndexStatement(dialect, tableName, suffix, unique: false, [.. columns, AuditColumns.OccurredAt, AuditColumns.Id]);

    private static string IndexStatement(IAuditSqlDialect dialect, string tableName, string suffix, bool unique, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return $"CREATE {(unique ? "UNIQUE " : string.Empty)}INDEX {dialect.QuoteIdentifier(tableName + "_" + suffix)} " +
            $"ON {dialect.QualifyTableName(tableName)} ({string.Join(", ", columns.Select(dialect.QuoteIdentifier))})";
    }
}
