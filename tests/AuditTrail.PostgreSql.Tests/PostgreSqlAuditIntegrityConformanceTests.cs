using AuditTrail.Relational;
using System.Data.Common;
using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Tamper detection on a real PostgreSQL server, each test in a schema of its own.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlAuditIntegrityConformanceTests : AuditIntegrityConformanceTests
{
    private TestSchema? _schema;

    protected override string Table => $"\"{_schema!.Name}\".audit_events";

    protected override string ChainTable => $"\"{_schema!.Name}\".audit_trail_chain";

    protected override string DropAppendOnlyTrigger => $"DROP TRIGGER audit_events_append_only ON {Table}";

    protected override IReadOnlyList<string> RevertCanonicalSourceIpsMigration =>
    [
        $"ALTER TABLE {Table} DROP COLUMN {AuditColumns.SourceIpAsHashed}",
        $"DELETE FROM \"{_schema!.Name}\".{AuditSql.SchemaVersionTable} WHERE description = '{AuditSchemaMigration.CanonicalSourceIpsDescription}'",
    ];

    public override async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        await base.InitializeAsync();
    }

    protected override IAuditStore CreateStore() => _schema!.CreateStore();

    protected override async Task<DbConnection> OpenConnectionAsync() => await TestDatabase.OpenUnpooledAsync(_schema!.ConnectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
