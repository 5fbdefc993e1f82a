using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The store conformance suite against a real PostgreSQL server, each test in a schema of its own.</summary>
[PostgreSqlRequired]
public class PostgreSqlAuditStoreConformanceTests : AuditStoreConformanceTests
{
    /// <summary>Whether the store writes whole batches in one statement (the shipped path) or row by row.</summary>
    protected virtual bool BatchedWrites => true;

    /// <summary>Sets options of the store beyond the schema (the partitioned layout, say).</summary>
    protected virtual Action<PostgreSqlAuditStoreOptions>? Configure => null;

    /// <summary>The store's clock (the system clock when null).</summary>
    protected virtual TimeProvider? Clock => null;

    private TestSchema? _schema;

    protected override bool CountsSearchInSteps => true;

    protected override async Task<IAuditStore> CreateStoreAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        return _schema.CreateStore(BatchedWrites, Configure, Clock);
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
