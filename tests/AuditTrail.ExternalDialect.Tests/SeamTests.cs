using System.Reflection;
using System.Runtime.CompilerServices;
using AuditTrail.ExternalDialect.Tests.Strategies;
using AuditTrail.ExternalDialect.Tests.Support;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests;

/// <summary>The store seam is public: nothing outside the relational package's own tests sees its internals, and each strategy is called as documented.</summary>
public sealed class SeamTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 14, 34, 0, TimeSpan.Zero);

    private readonly PlainSqliteDatabase _database = new();

    [Fact]
    public void ShippingPackages_GrantTheirInternalsOnlyToTestAssemblies()
    {
        var packages = new[] { typeof(IAuditStore).Assembly, typeof(RelationalAuditStore).Assembly };
        var grants = packages
            .SelectMany(assembly => assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
            .Select(attribute => attribute.AssemblyName)
            .ToArray();

        grants.Should().OnlyContain(name => name.EndsWith(".Tests", StringComparison.Ordinal), "a shipping package reaches another only through public API");
        grants.Should().NotContain(typeof(SeamTests).Assembly.GetName().Name);
    }

    [Fact]
    public void RelationalAuditStore_IsSealed_AndExtendedOnlyThroughStrategies()
    {
        typeof(RelationalAuditStore).IsSealed.Should().BeTrue();
        typeof(RelationalAuditStore).GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(method => method.IsVirtual && !method.IsFinal)
            .Should().BeEmpty("no behaviour is changed by overriding");
    }

    [Fact]
    public async Task Strategies_AreCalled_ForEveryWriteReadAndPurge()
    {
        var observer = new RecordingObserver();
        var inserters = new ReportingRowInserterFactory();
        var reader = new AdoRowReader();
        var store = _database.CreateStore(new RelationalAuditStoreStrategies { RowInserters = inserters, RowReader = reader, Observer = observer });
        var old = Record(Now.AddDays(-10));
        var recent = Record(Now);

        await store.WriteAsync([old, recent]);
        await store.WriteAsync([old]);
        var page = await store.QueryAsync(new AuditStoreQuery(new AuditFilter(), null, 10));
        var purged = await store.PurgeAsync(Now.AddDays(-1), 100);

        observer.Initialized.Should().Be(1);
        observer.InitializedDataSource.Should().EndWith("audit.db");
        observer.Committed.Should().Be(2, "each write transaction that committed is reported");
        observer.Purged.Should().Be(1);
        inserters.Created.Should().Be(2);
        reader.Reads.Should().BeGreaterThan(0);
        page.Select(record => record.Id).Should().Equal(recent.Id, old.Id);
        purged.Should().Be(1);
        (await store.GetHeadAsync())!.Sequence.Should().Be(2, "the retried record took no sequence number");
    }

    public void Dispose() => _database.Dispose();

    private static AuditRecord Record(DateTimeOffset occurredAt) => new()
    {
        Id = Guid.CreateVersion7(occurredAt),
        OccurredAt = occurredAt,
        RecordedAt = occurredAt,
        Actor = AuditActor.User("u-1", "User One"),
        Action = "document.read",
        ActionType = AuditActionType.Update,
        Outcome = AuditOutcome.Success,
    };
}
