using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The legal hold store suite over a SQLite file per test; each instance is a store of its own on the file.</summary>
public sealed class SqliteLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => Task.FromResult<IAuditLegalHoldStore>(_database.CreateStore());

    protected override Task AppendAsync(IReadOnlyList<AuditRecord> records) => _database.CreateStore().WriteAsync(records);

    public void Dispose() => _database.Dispose();
}
