using System.Data.Common;
using AuditTrail.Conformance;
using AuditTrail.ExternalDialect.Tests.Strategies;
using AuditTrail.ExternalDialect.Tests.Support;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests;

/// <summary>The store conformance suite over the external dialect with no strategies: Dapper and ADO.NET only.</summary>
public sealed class PlainSqliteStoreConformanceTests : AuditStoreConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override Task<IAuditStore> CreateStoreAsync() => Task.FromResult<IAuditStore>(_database.CreateStore());

    public void Dispose() => _database.Dispose();
}

/// <summary>The store conformance suite over the external dialect with every strategy of the seam implemented in this project.</summary>
public sealed class PlainSqliteWithStrategiesStoreConformanceTests : AuditStoreConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override Task<IAuditStore> CreateStoreAsync() => Task.FromResult<IAuditStore>(_database.CreateStore(new RelationalAuditStoreStrategies
    {
        RowInserters = new ReportingRowInserterFactory(),
        InsertedRows = new RecordingInsertedRows(),
        RowReader = new AdoRowReader(),
        Observer = new RecordingObserver(),
    }));

    public void Dispose() => _database.Dispose();
}

/// <summary>The whole library through its public API over the external dialect.</summary>
public sealed class PlainSqliteTrailConformanceTests : AuditTrailConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override IAuditStore CreateStore() => _database.CreateStore();

    protected override Task<long> CountCommittedRowsAsync() => _database.CountRowsAsync();

    public void Dispose() => _database.Dispose();
}

/// <summary>Tamper detection over the external dialect (it has no range checker, so the verifier reads records).</summary>
public sealed class PlainSqliteIntegrityConformanceTests : AuditIntegrityConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override string Table => PlainSqliteDatabase.Table;

    protected override string ChainTable => AuditSql.ChainTable;

    protected override string DropAppendOnlyTrigger => $"DROP TRIGGER IF EXISTS {PlainSqliteDatabase.Table}_append_only";

    protected override IReadOnlyList<string> RevertCanonicalSourceIpsMigration =>
    [
        // The trigger of the tombstone migration names the column, and SQLite drops no column a trigger names: the
        // trigger goes back to its form before that migration, which the migration of source IPs drops again.
        $"DROP TRIGGER \"{PlainSqliteDatabase.Table}_append_only\"",
        $"CREATE TRIGGER \"{PlainSqliteDatabase.Table}_append_only\" BEFORE UPDATE ON {PlainSqliteDatabase.Table} BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END",
        $"ALTER TABLE {PlainSqliteDatabase.Table} DROP COLUMN {AuditColumns.Tombstone}",
        $"ALTER TABLE {PlainSqliteDatabase.Table} DROP COLUMN {AuditColumns.ContentDigest}",
        $"ALTER TABLE {PlainSqliteDatabase.Table} DROP COLUMN {AuditColumns.SourceIpAsHashed}",
        $"DELETE FROM {AuditSql.SchemaVersionTable} WHERE description = '{AuditSchemaMigration.CanonicalSourceIpsDescription}'",

        // The migrations after it (the consumers table) are forgotten too, so that the next store runs them all again.
        $"DELETE FROM {AuditSql.SchemaVersionTable} WHERE version > 5",
    ];

    // Two instances on the database share its purge lock (the overlapping-purge test), as a store of one's own gives it.
    protected override IAuditStore CreateStore() => _database.CreateStore(new RelationalAuditStoreStrategies
    {
        PurgeLock = new LockFilePurgeLock(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_database.ConnectionString).DataSource + "-purge.lock"),
    });

    protected override Task<DbConnection> OpenConnectionAsync() => _database.OpenSeparateConnectionAsync();

    public void Dispose() => _database.Dispose();
}

/// <summary>Fails if this assembly leaves a part of the conformance suite without a concrete test class.</summary>
public sealed class ExternalDialectConformanceCoverageTests : AuditConformanceCoverageTests;
