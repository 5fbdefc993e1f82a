using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The store conformance suite against a real SQLite file per test.</summary>
public sealed class SqliteAuditStoreConformanceTests : AuditStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override Task<IAuditStore> CreateStoreAsync() => Task.FromResult<IAuditStore>(_database.CreateStore());

    public void Dispose() => _database.Dispose();
}
