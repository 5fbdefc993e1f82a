using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// The reader's side of a capped count: the cap it asks the store for, its fallbacks for a store or a reader written
/// before <see cref="IAuditStore.CountUpToAsync"/>, the scope it hands down and the option's validation. Counting itself
/// is proven on real stores by the conformance suite.
/// </summary>
public sealed class AuditReaderCountTests : IAsyncLifetime
{
    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    private IAuditReader Reader => _services.GetRequiredService<IAuditReader>();

    public async Task InitializeAsync()
    {
        _services = TestHost.Create(_store);
        var logger = _services.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < 5; i++)
        {
            await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("mike", "Mike Johnson") });
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Theory]
    [InlineData(3L, 3L, true)]
    [InlineData(4L, 4L, true)]
    [InlineData(5L, 5L, false)]
    [InlineData(10_000L, 5L, false)]
    public async Task GetCountAsync_StoreWithoutItsOwnCountUpTo_CountsExactlyAndCaps(long cap, long value, bool lowerBound)
    {
        var count = await Reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions { AtMost = cap });

        count.Should().Be(new AuditCount(value, lowerBound));
    }

    [Fact]
    public async Task GetCountAsync_AsksTheStoreForOneRowPastTheCap_WithTheViewersScope()
    {
        var store = new LimitRecordingStore(_store);
        await using var services = TestHost.Create(_store, trail: builder => builder.UseStore(_ => store));
        var reader = services.GetRequiredService<IAuditReader>();

        var count = await reader.GetCountAsync(AuditViewer.User("mike"), new AuditQuery { ActorIds = ["john"] }, new AuditCountOptions { AtMost = 2 });

        count.Should().Be(new AuditCount(2, IsLowerBound: true));
        store.Calls.Should().ContainSingle().Which.Should().Match<(AuditFilter Filter, long Limit)>(call => call.Limit == 3 && call.Filter.ScopeActorId == "mike");
    }

    [Fact]
    public async Task GetCountAsync_NoCap_CountsExactly()
    {
        (await Reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions()))
            .Should().Be(new AuditCount(5, IsLowerBound: false));
    }

    [Fact]
    public async Task GetCountAsync_NullViewer_IsZeroWithoutAskingTheStore()
    {
        _store.Filters.Clear();

        (await Reader.GetCountAsync(null, new AuditQuery(), new AuditCountOptions { AtMost = 10 })).Should().Be(new AuditCount(0, IsLowerBound: false));
        _store.Filters.Should().BeEmpty();
    }

    [Fact]
    public async Task GetCountAsync_InvalidQueryOrOptions_ThrowNamingThem()
    {
        var badQuery = () => Reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery { Search = new string('x', AuditQuery.MaxSearchLength + 1) }, new AuditCountOptions { AtMost = 10 });
        var badCap = () => Reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions { AtMost = 0 });
        var noOptions = () => Reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), null!);

        (await badQuery.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("query.Search");
        (await badCap.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("options.AtMost");
        (await noOptions.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("options");
    }

    [Fact]
    public async Task GetCountAsync_ReaderWithoutItsOwn_CapsTheExactCount()
    {
        IAuditReader reader = new ExactOnlyReader(Reader);

        (await reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions { AtMost = 2 })).Should().Be(new AuditCount(2, IsLowerBound: true));
        (await reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions { AtMost = 5 })).Should().Be(new AuditCount(5, IsLowerBound: false));
        var badCap = () => reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery(), new AuditCountOptions { AtMost = -1 });
        (await badCap.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("options.AtMost");
    }

    [Fact]
    public async Task GetCountAsync_TimeLimit_IsAppliedOnlyForAViewerOfTheWholeTrail()
    {
        var store = new LimitRecordingStore(_store);
        await using var services = TestHost.Create(_store, trail: builder => builder.UseStore(_ => store));
        var reader = services.GetRequiredService<IAuditReader>();
        var options = new AuditCountOptions { AtMost = 2, TimeLimit = TimeSpan.FromMilliseconds(20) };

        await reader.GetCountAsync(AuditViewer.Admin("john"), new AuditQuery { Search = "x" }, options);
        await reader.GetCountAsync(new AuditViewer("sarah", IsAdmin: true, TenantId: "t-a"), new AuditQuery { Search = "x" }, options);
        await reader.GetCountAsync(AuditViewer.User("mike"), new AuditQuery { Search = "x" }, options);
        var unbounded = await reader.GetCountAsync(AuditViewer.User("mike"), new AuditQuery(), options with { AtMost = null });

        store.TimedCalls.Should().ContainSingle("only the admin of every tenant is counted against the time")
            .Which.Should().Match<(AuditFilter Filter, long Limit)>(call => call.Limit == 3 && call.Filter.ScopeActorId == null && call.Filter.ScopeTenantId == null);
        store.Calls.Select(call => (call.Filter.ScopeTenantId, call.Filter.ScopeActorId, call.Limit))
            .Should().Equal(("t-a", null, 3L), (null, "mike", 3L));
        unbounded.Should().Be(new AuditCount(5, IsLowerBound: false), "without a cap a scoped viewer's count is exact");
    }

    /// <summary>Counts up to the limit over the inner store's exact count, noting each call (timed ones apart).</summary>
    private sealed class LimitRecordingStore(IAuditStore inner) : DelegatingAuditStore(inner)
    {
        public List<(AuditFilter Filter, long Limit)> Calls { get; } = [];

        public List<(AuditFilter Filter, long Limit)> TimedCalls { get; } = [];

        public override async Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
        {
            TimedCalls.Add((filter, limit));
            return new AuditCount(Math.Min(await Inner.CountAsync(filter, cancellationToken), limit), IsLowerBound: false);
        }

        public override async Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default)
        {
            Calls.Add((filter, limit));
            return Math.Min(await Inner.CountAsync(filter, cancellationToken), limit);
        }
    }

    /// <summary>A reader written before <see cref="IAuditReader.GetCountAsync"/>: it has only the exact count.</summary>
    private sealed class ExactOnlyReader(IAuditReader inner) : IAuditReader
    {
        public Task<AuditPage> QueryAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(viewer, query, cancellationToken);

        public Task<AuditRecord?> GetAsync(AuditViewer? viewer, Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(viewer, id, cancellationToken);

        public Task<long> CountAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(viewer, query, cancellationToken);

        public Task<AuditFacets> GetFacetsAsync(AuditViewer? viewer, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(viewer, cancellationToken);

        public IAsyncEnumerable<AuditRecord> StreamAsync(AuditViewer? viewer, AuditQuery query, CancellationToken cancellationToken = default) => inner.StreamAsync(viewer, query, cancellationToken);

        public Task<long> ExportAsync(AuditViewer? viewer, AuditQuery query, AuditExportFormat format, Stream destination, CancellationToken cancellationToken = default) =>
            inner.ExportAsync(viewer, query, format, destination, cancellationToken);
    }
}
