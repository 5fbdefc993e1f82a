using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The histogram suite over a SQLite file per test.</summary>
public sealed class SqliteHistogramConformanceTests : AuditHistogramConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override IAuditStore CreateStore() => _database.CreateStore();

    public void Dispose() => _database.Dispose();
}
