using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The histogram suite against a real PostgreSQL server, each test in a schema of its own.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlHistogramConformanceTests : AuditHistogramConformanceTests
{
    private TestSchema? _schema;

    public override async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
        await base.InitializeAsync();
    }

    protected override IAuditStore CreateStore() => _schema!.CreateStore();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
