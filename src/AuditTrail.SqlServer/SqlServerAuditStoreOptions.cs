namespace AuditTrail.SqlServer;

/// <summary>
/// Options of the SQL Server audit store, set through <c>UseSqlServer(..., options => ...)</c> and validated when
/// the host starts; every invalid value is reported at once, by option name.
/// </summary>
public sealed class SqlServerAuditStoreOptions
{
    /// <summary>The default of <see cref="Schema"/>: <c>dbo</c>.</summary>
    public const string DefaultSchema = "dbo";

    /// <summary>The default of <see cref="TableName"/>: <c>audit_events</c>.</summary>
    public const string DefaultTableName = "audit_events";

    /// <summary>
    /// The schema that holds the audit table and the <c>audit_trail_schema</c> version table; created when missing.
    /// Default <see cref="DefaultSchema"/>. Letters, digits and underscores, not starting with a digit, at most
    /// 63 characters; not <c>sys</c> or <c>INFORMATION_SCHEMA</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// The audit table. Default <see cref="DefaultTableName"/>. Letters, digits and underscores, not starting with a
    /// digit, at most 63 characters. Its constraints, indexes and trigger are named after it.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;
}
