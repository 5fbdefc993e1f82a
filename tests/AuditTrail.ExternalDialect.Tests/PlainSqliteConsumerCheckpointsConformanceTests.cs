using AuditTrail.Conformance;
using AuditTrail.ExternalDialect.Tests.Support;

namespace AuditTrail.ExternalDialect.Tests;

/// <summary>The consumer checkpoints suite over the external dialect: the shared SQL of the relational store, no strategies.</summary>
public sealed class PlainSqliteConsumerCheckpointsConformanceTests : AuditConsumerCheckpointsConformanceTests, IDisposable
{
    private readonly PlainSqliteDatabase _database = new();

    protected override Task<IAuditConsumerCheckpoints> CreateCheckpointsAsync() => Task.FromResult<IAuditConsumerCheckpoints>(_database.CreateStore());

    public void Dispose() => _database.Dispose();
}
