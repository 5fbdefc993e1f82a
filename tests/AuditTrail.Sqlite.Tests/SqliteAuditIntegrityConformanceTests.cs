using AuditTrail.Relational;
using System.Data.Common;
using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>Tamper detection on a real SQLite file per test.</summary>
public sealed class SqliteAuditIntegrityConformanceTests : AuditIntegrityConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override string Table => "audit_events";

    protected override string ChainTable => "audit_trail_chain";

    protected override string DropAppendOnlyTrigger => "DROP TRIGGER IF EXISTS audit_events_append_only";

    protected override IReadOnlyList<string> RevertCanonicalSourceIpsMigration =>
    [
        // The trigger of the tombstone migration names the column, and SQLite drops no column a trigger names.
        DropAppendOnlyTrigger,
        $"ALTER TABLE audit_events DROP COLUMN {AuditColumns.Tombstone}",
        $"ALTER TABLE audit_events DROP COLUMN {AuditColumns.ContentDigest}",
        $"ALTER TABLE audit_events DROP COLUMN {AuditColumns.SourceIpAsHashed}",
        $"DELETE FROM {AuditSql.SchemaVersionTable} WHERE description = '{AuditSchemaMigration.CanonicalSourceIpsDescription}'",

        // The migrations after it (the consumers table) are forgotten too, so that the next store runs them all again.
        $"DELETE FROM {AuditSql.SchemaVersionTable} WHERE version > {AuditTrail.Sqlite.Search.SqliteSearchMigrations.CanonicalSourceIpsVersion}",
    ];

    protected override IAuditStore CreateStore() => _database.CreateStore();

    protected override Task<DbConnection> OpenConnectionAsync() => Task.FromResult<DbConnection>(_database.OpenSeparateConnection());

    public void Dispose() => _database.Dispose();
}
