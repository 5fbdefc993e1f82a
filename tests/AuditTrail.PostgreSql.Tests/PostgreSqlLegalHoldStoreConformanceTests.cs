using AuditTrail.Conformance;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The legal hold store suite against a real PostgreSQL server, each test in a schema of its own; each instance is a store of its own.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests
{
    private TestSchema? _schema;

    protected override async Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => (await SchemaAsync()).CreateStore();

    protected override async Task AppendAsync(IReadOnlyList<AuditRecord> records) => await (await SchemaAsync()).CreateStore().WriteAsync(records);

    [Fact]
    public async Task AddHold_TextWithNulOrALoneSurrogate_IsStoredAsTheRecordsAre_AndFindsThem()
    {
        // PostgreSQL text cannot hold NUL and Npgsql refuses ill-formed UTF-16: records and filters get U+FFFD there, so a
        // hold naming such a tenant must too, or placing it failed with a raw PostgresException (a 500 over HTTP).
        var at = new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);
        await AppendAsync([Some.Record(at) with { Id = Some.Id(), TenantId = "t\0x", Actor = AuditActor.User("u\uD800", "Mike") }]);
        var hold = new AuditLegalHold
        {
            Id = Guid.CreateVersion7(at),
            Scope = new AuditLegalHoldScope { TenantId = "t\0x", ActorId = "u\uD800" },
            Reason = "Case\0 42",
            PlacedBy = "u-legal\0",
            PlacedAt = at,
        };

        await Holds.AddHoldAsync(hold);
        (await Holds.ReleaseHoldAsync(hold.Id, "u-other\0", at.AddHours(1))).Should().BeTrue();

        var listed = (await Holds.GetHoldsAsync()).Should().ContainSingle().Subject;
        listed.Scope.Should().Be(new AuditLegalHoldScope { TenantId = "t\uFFFDx", ActorId = "u\uFFFD" });
        listed.Should().BeEquivalentTo(new { Reason = "Case\uFFFD 42", PlacedBy = "u-legal\uFFFD", ReleasedBy = "u-other\uFFFD" });
        (await Holds.GetOldestOccurredAtAsync(hold.Scope)).Should().Be(at);
    }

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
