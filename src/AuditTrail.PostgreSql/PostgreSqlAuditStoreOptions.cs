namespace AuditTrail.PostgreSql;

/// <summary>
/// Options of the PostgreSQL audit store, set through <c>UseNpgsql(..., options => ...)</c> and validated when
/// the host starts; every invalid value is reported at once, by option name.
/// </summary>
public sealed class PostgreSqlAuditStoreOptions
{
    /// <summary>The default of <see cref="Schema"/>: <c>public</c>.</summary>
    public const string DefaultSchema = "public";

    /// <summary>The default of <see cref="TableName"/>: <c>audit_events</c>.</summary>
    public const string DefaultTableName = "audit_events";

    /// <summary>
    /// The longest <see cref="TableName"/>: 51 characters, so that the names derived from it (such as
    /// <c>{TableName}_search_text</c>) stay within PostgreSQL's 63-character identifiers.
    /// </summary>
    public const int MaxTableNameLength = 51;

    /// <summary>
    /// The schema that holds the audit table and the <c>audit_trail_schema</c> version table; created when missing.
    /// Default <see cref="DefaultSchema"/>. Letters, digits and underscores, not starting with a digit or <c>pg_</c>,
    /// at most 63 characters. Names are quoted, so they are case-sensitive.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// The audit table. Default <see cref="DefaultTableName"/>. Letters, digits and underscores, not starting with
    /// a digit, at most <see cref="MaxTableNameLength"/> characters. Its indexes, search function and trigger are
    /// named after it.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Whether the store fills its search index in the background after commits. Default <see langword="true"/>.
    /// Writes never wait for the index either way, and search is exact either way: rows not indexed yet are searched in
    /// the audit table. With <see langword="false"/> the index grows only through
    /// <see cref="PostgreSqlAuditStore.UpdateSearchIndexAsync"/> (from a scheduled job, say).
    /// </summary>
    public bool IndexSearchInBackground { get; set; } = true;

    /// <summary>
    /// The partitioned layout (monthly partitions, retention by dropping whole months), or <see langword="null"/> (the
    /// default) for one plain table. Opt-in: a store without it keeps its table as it is. Setting it on an existing
    /// table converts it once, keeping every row and the hash chain; see <see cref="PostgreSqlPartitioningOptions"/>.
    /// </summary>
    public PostgreSqlPartitioningOptions? Partitioning { get; set; }
}
