using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The consumer checkpoints suite over a SQLite file per test; each instance is a store of its own on the file.</summary>
public sealed class SqliteConsumerCheckpointsConformanceTests : AuditConsumerCheckpointsConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();

    protected override Task<IAuditConsumerCheckpoints> CreateCheckpointsAsync() => Task.FromResult<IAuditConsumerCheckpoints>(_database.CreateStore());

    public void Dispose() => _database.Dispose();
}
