using AuditTrail.Conformance;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The store conformance suite against a live SQL Server, each test in a schema of its own; skipped without one.</summary>
[SqlServerRequired]
public sealed class SqlServerAuditStoreConformanceTests : AuditStoreConformanceTests
{
    private readonly SqlServerTestSchema _schema = new();

    protected override Task<IAuditStore> CreateStoreAsync() => Task.FromResult<IAuditStore>(_schema.CreateStore());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _schema.DropAsync();
    }
}

/// <summary>The whole library through its public API over a live SQL Server; skipped without one.</summary>
[SqlServerRequired]
public sealed class SqlServerAuditTrailConformanceTests : AuditTrailConformanceTests
{
    private readonly SqlServerTestSchema _schema = new();

    protected override IAuditStore CreateStore() => _schema.CreateStore();

    protected override Task<long> CountCommittedRowsAsync() => _schema.CountRowsAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _schema.DropAsync();
    }
}
