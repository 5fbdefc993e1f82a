using AuditTrail.Conformance;
using AuditTrail.ExternalDialect.Tests.Support;

namespace AuditTrail.ExternalDialect.Tests;

/// <summary>The histogram suite over the external dialect: the shared SQL and the dialect's default bucket expression.</summary>
public sealed class PlainSqliteHistogramConformanceTests : AuditHistogramConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override IAuditStore CreateStore() => _database.CreateStore();

    public void Dispose() => _database.Dispose();
}
