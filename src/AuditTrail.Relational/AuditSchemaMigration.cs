namespace AuditTrail.Relational;

/// <summary>One step of the audit schema: the statements that take it from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version this step produces; the first step is 1 and each next one adds 1.</param>
/// <param name="Description">What the step does, stored beside the version.</param>
/// <param name="Statements">The DDL statements, run in order inside the schema transaction.</param>
public sealed record AuditSchemaMigration(int Version, string Description, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// Schema version 3, the same in every dialect: the (action, occurred_at, id) and (source_ip, occurred_at, id)
    /// indexes. Without them a first page filtered by either reads the time index until it has a page of matches.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the names.</param>
    /// <param name="tableName">The validated audit table name; the indexes are named after it.</param>
    /// <returns>The migration.</returns>
    public static AuditSchemaMigration ActionAndSourceIpIndexes(IAuditSqlDialect dialect, string tableName)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var table = dialect.QualifyTableName(tableName);
        string Index(string suffix, string column) =>
            $"CREATE INDEX {dialect.QuoteIdentifier(tableName + "_" + suffix)} ON {table} " +
            $"({string.Join(", ", new[] { column, AuditColumns.OccurredAt, AuditColumns.Id }.Select(dialect.QuoteIdentifier))})";

        return new AuditSchemaMigration(3, "Indexes for the action code and source IP filters",
            [Index("action", AuditColumns.Action), Index("source_ip", AuditColumns.SourceIp)]);
    }
}
