using AuditTrail.Conformance;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The legal hold store suite against a live SQL Server, each test in a schema of its own; skipped without one.</summary>
[SqlServerRequired]
public sealed class SqlServerLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests
{
    private readonly SqlServerTestSchema _schema = new();

    protected override Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => Task.FromResult<IAuditLegalHoldStore>(_schema.CreateStore());

    protected override Task AppendAsync(IReadOnlyList<AuditRecord> records) => _schema.CreateStore().WriteAsync(records);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _schema.DropAsync();
    }
}
