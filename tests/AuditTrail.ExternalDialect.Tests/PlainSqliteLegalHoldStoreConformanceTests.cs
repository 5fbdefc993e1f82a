using AuditTrail.Conformance;
using AuditTrail.ExternalDialect.Tests.Support;

namespace AuditTrail.ExternalDialect.Tests;

/// <summary>The legal hold store suite over the external dialect: the shared SQL of the relational store, no strategies.</summary>
public sealed class PlainSqliteLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => Task.FromResult<IAuditLegalHoldStore>(_database.CreateStore());

    protected override Task AppendAsync(IReadOnlyList<AuditRecord> records) => _database.CreateStore().WriteAsync(records);

    public void Dispose() => _database.Dispose();
}
