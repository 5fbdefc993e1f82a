using AuditTrail.Conformance;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The legal hold store suite against a real PostgreSQL server, each test in a schema of its own; each instance is a store of its own.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests
{
    private TestSchema? _schema;

    protected override async Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => (await SchemaAsync()).CreateStore();

    protected override async Task AppendAsync(IReadOnlyList<AuditRecord> records) => await (await SchemaAsync()).CreateStore().WriteAsync(records);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    private async Task<TestSchema> SchemaAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        return _schema ??= await TestSchema.CreateAsync();
    }
}
