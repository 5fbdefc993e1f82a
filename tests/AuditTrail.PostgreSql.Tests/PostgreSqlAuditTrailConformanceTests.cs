using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The whole library through its public API over a real PostgreSQL server, each test in a schema of its own.</summary>
[PostgreSqlRequired]
public class PostgreSqlAuditTrailConformanceTests : AuditTrailConformanceTests
{
    private TestSchema? _schema;

    /// <summary>Sets options of the store beyond the schema (the partitioned layout, say).</summary>
    protected virtual Action<PostgreSqlAuditStoreOptions>? Configure => null;

    /// <summary>The store's clock, which decides which months get a partition; the pipeline's clock unless overridden.</summary>
    protected virtual TimeProvider StoreClock => Clock;

    public override async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        await base.InitializeAsync();
    }

    protected TestSchema Schema => _schema ?? throw new InvalidOperationException("The schema is created by InitializeAsync.");

    // Every (re)start opens a new store instance over the same schema, as a restarted process would.
    protected override IAuditStore CreateStore() => _schema!.CreateStore(batchedWrites: true, Configure, StoreClock);

    protected override async Task<long> CountCommittedRowsAsync() =>
        await _schema!.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".audit_events");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
