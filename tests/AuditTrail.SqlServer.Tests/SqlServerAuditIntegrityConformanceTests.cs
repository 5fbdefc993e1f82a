using AuditTrail.Relational;
using System.Data.Common;
using AuditTrail.Conformance;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>Tamper detection on a live SQL Server, each test in a schema of its own; skipped without one.</summary>
[SqlServerRequired]
public sealed class SqlServerAuditIntegrityConformanceTests : AuditIntegrityConformanceTests
{
    private readonly SqlServerTestSchema _schema = new();

    protected override string Table => $"[{_schema.Name}].[audit_events]";

    protected override string ChainTable => $"[{_schema.Name}].[audit_trail_chain]";

    protected override string DropAppendOnlyTrigger => $"DROP TRIGGER [{_schema.Name}].[audit_events_append_only]";

    protected override IReadOnlyList<string> RevertCanonicalSourceIpsMigration =>
    [
        $"ALTER TABLE {Table} DROP COLUMN {AuditColumns.Tombstone}, {AuditColumns.ContentDigest}",
        $"ALTER TABLE {Table} DROP COLUMN {AuditColumns.SourceIpAsHashed}",
        $"DELETE FROM [{_schema.Name}].[{AuditSql.SchemaVersionTable}] WHERE description = N'{AuditSchemaMigration.CanonicalSourceIpsDescription}'",

        // The migrations after it (the consumers table) are forgotten too, so that the next store runs them all again.
        $"DELETE FROM [{_schema.Name}].[{AuditSql.SchemaVersionTable}] WHERE version > 5",
    ];

    protected override IAuditStore CreateStore() => _schema.CreateStore();

    protected override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = SqlServerEnvironment.CreateConnection();
        await connection.OpenAsync();
        return connection;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _schema.DropAsync();
    }
}
