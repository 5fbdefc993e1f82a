using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The whole library through its public API over a real SQLite file per test.</summary>
public sealed class SqliteAuditTrailConformanceTests : AuditTrailConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override IAuditStore CreateStore() => _database.CreateStore();

    protected override Task<long> CountCommittedRowsAsync() =>
        Task.FromResult(_database.Scalar<long>("SELECT COUNT(*) FROM audit_events"));

    public void Dispose() => _database.Dispose();
}
