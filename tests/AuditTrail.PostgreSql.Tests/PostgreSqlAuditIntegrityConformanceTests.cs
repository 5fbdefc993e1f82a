using AuditTrail.Relational;
using System.Data.Common;
using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Tamper detection on a real PostgreSQL server, each test in a schema of its own.</summary>
[PostgreSqlRequired]
public class PostgreSqlAuditIntegrityConformanceTests : AuditIntegrityConformanceTests
{
    /// <summary>Whether the store writes whole batches in one statement (the shipped path) or row by row.</summary>
    protected virtual bool BatchedWrites => true;

    /// <summary>Sets options of the store beyond the schema (the partitioned layout, say).</summary>
    protected virtual Action<PostgreSqlAuditStoreOptions>? Configure => null;

    private TestSchema? _schema;

    protected override string Table => $"\"{_schema!.Name}\".audit_events";

    protected override string ChainTable => $"\"{_schema!.Name}\".audit_trail_chain";

    // DDL on the shared catalogs can deadlock with another test class's DDL on a loaded machine; the tampering step
    // retries a deadlock (a bounded number of times) rather than fail a test about verification.
    protected override string DropAppendOnlyTrigger =>
        "DO $$ BEGIN FOR attempt IN 1..20 LOOP BEGIN " +
        $"DROP TRIGGER audit_events_append_only ON {Table}; RETURN; " +
        "EXCEPTION WHEN deadlock_detected THEN IF attempt = 20 THEN RAISE; END IF; PERFORM pg_sleep(0.05); END; END LOOP; END $$";

    protected override IReadOnlyList<string> RevertCanonicalSourceIpsMigration =>
    [
        $"ALTER TABLE {Table} DROP COLUMN {AuditColumns.Tombstone}, DROP COLUMN {AuditColumns.ContentDigest}",
        $"ALTER TABLE {Table} DROP COLUMN {AuditColumns.SourceIpAsHashed}",
        $"DELETE FROM \"{_schema!.Name}\".{AuditSql.SchemaVersionTable} WHERE description = '{AuditSchemaMigration.CanonicalSourceIpsDescription}'",

        // The migrations after it (the search table) are forgotten too, so that the next store runs them all again.
        $"DROP TABLE \"{_schema!.Name}\".{PostgreSqlSearchRows.TableName("audit_events")}",
        $"DELETE FROM \"{_schema!.Name}\".{AuditSql.SchemaVersionTable} WHERE version > 5",
    ];

    public override async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        await base.InitializeAsync();
    }

    protected override IAuditStore CreateStore() => _schema!.CreateStore(BatchedWrites, Configure);

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
