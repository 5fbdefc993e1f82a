using AuditTrail.Conformance;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The histogram suite against a live SQL Server, each test in a schema of its own; skipped without one.</summary>
[SqlServerRequired]
public sealed class SqlServerHistogramConformanceTests : AuditHistogramConformanceTests
{
    private readonly SqlServerTestSchema _schema = new();

    protected override IAuditStore CreateStore() => _schema.CreateStore();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _schema.DropAsync();
    }
}
