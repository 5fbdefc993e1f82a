using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The consumer checkpoints suite against a real PostgreSQL server, each test in a schema of its own; each instance is a store of its own.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlConsumerCheckpointsConformanceTests : AuditConsumerCheckpointsConformanceTests
{
    private TestSchema? _schema;

    protected override async Task<IAuditConsumerCheckpoints> CreateCheckpointsAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema ??= await TestSchema.CreateAsync();
        return _schema.CreateStore();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
