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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InsertedRows_IsCalledOncePerTransaction_WithTheRangeItInserted_AndItsFailureRollsTheWriteBack(bool inserterReportsStoredIds)
    {
        var handler = new RecordingInsertedRows();
        var store = _database.CreateStore(new RelationalAuditStoreStrategies
        {
            RowInserters = inserterReportsStoredIds ? new ReportingRowInserterFactory() : null,
            InsertedRows = handler,
        });
        var first = Record(Now.AddMinutes(-3));
        var second = Record(Now.AddMinutes(-2));
        var third = Record(Now.AddMinutes(-1));

        await store.WriteAsync([first, second, first]);
        await store.WriteAsync([second]);
        await store.WriteAsync([second, third]);
        handler.Fail = true;
        var failed = async () => await store.WriteAsync([Record(Now)]);

        await failed.Should().ThrowAsync<InvalidOperationException>().WithMessage("The derived data could not be written.");
        handler.Calls.Should().Equal([(1, 2, 2), (3, 3, 1), (4, 4, 1)],
            "each transaction's new rows, visible inside it (the last is the failed write's); a repeated id takes no number and a wholly stored batch calls nothing");
        (await store.GetHeadAsync())!.Sequence.Should().Be(3, "the failed call rolled its write back");
    }

    [Fact]
    public void InsertedRows_WithABatchAppender_IsRefused()
    {
        var create = () => _database.CreateStore(new RelationalAuditStoreStrategies { BatchAppender = new UnusedAppender(), InsertedRows = new RecordingInsertedRows() });

        create.Should().Throw<ArgumentException>().WithParameterName("strategies").WithMessage("InsertedRows works with row-by-row inserts*");
    }

    public void Dispose() => _database.Dispose();

    private sealed class UnusedAppender : IAuditBatchAppender
    {
        public ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

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
