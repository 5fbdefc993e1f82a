using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// The reader's own rules: scope restrictions handed to the store, a second check on what the store
/// returns, cursor integrity and argument validation. Filter semantics are proven on real stores.
/// </summary>
public sealed class AuditReaderTests : IAsyncLifetime
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
            await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("john", "John Davis") });
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task EveryMethod_UserViewer_RestrictsTheStoreFilterToTheViewer()
    {
        var mike = AuditViewer.User("mike");
        var query = new AuditQuery { ActorIds = ["john"] };

        await Reader.QueryAsync(mike, query);
        await Reader.CountAsync(mike, query);
        await Reader.GetFacetsAsync(mike);
        await Reader.ExportAsync(mike, query, AuditExportFormat.Csv, Stream.Null);

        _store.Filters.Should().HaveCount(4).And.OnlyContain(f => f.ScopeActorId == "mike");
    }

    [Fact]
    public async Task QueryStreamAndGet_StoreReturnsOtherActors_ReaderStillShowsOnlyTheViewersOwn()
    {
        // The fake store ignores filters, standing in for a faulty store: the reader's second check must hold.
        var mike = AuditViewer.User("mike");

        var page = await Reader.QueryAsync(mike, new AuditQuery { Limit = 100 });
        var streamed = await Reader.StreamAsync(mike, new AuditQuery()).ToListAsync();
        var johns = _store.Stored.First(r => r.Actor.Id == "john");

        page.Items.Should().HaveCount(5).And.OnlyContain(r => r.Actor.Id == "mike");
        streamed.Should().HaveCount(5).And.OnlyContain(r => r.Actor.Id == "mike");
        (await Reader.GetAsync(mike, johns.Id)).Should().BeNull();
        (await Reader.GetAsync(AuditViewer.Admin("john"), johns.Id)).Should().Be(johns);
    }

    [Fact]
    public async Task EveryMethod_NoViewer_SeesNothingAndNeverReachesTheStore()
    {
        var id = _store.Stored[0].Id;

        (await Reader.QueryAsync(null, new AuditQuery())).Items.Should().BeEmpty();
        (await Reader.CountAsync(null, new AuditQuery())).Should().Be(0);
        (await Reader.GetAsync(null, id)).Should().BeNull();
        (await Reader.GetFacetsAsync(null)).Should().Be(AuditFacets.Empty);
        (await Reader.StreamAsync(null, new AuditQuery()).ToListAsync()).Should().BeEmpty();
        using var csv = new MemoryStream();
        (await Reader.ExportAsync(null, new AuditQuery(), AuditExportFormat.Csv, csv)).Should().Be(0);
        _store.Filters.Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_Cursor_PagesWithoutDuplicatesOrGaps()
    {
        var admin = AuditViewer.Admin("john");
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Reader.QueryAsync(admin, new AuditQuery { Limit = 3, Cursor = cursor });
            seen.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        seen.Should().HaveCount(10).And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task QueryAsync_MalformedCursor_ThrowsNamingTheCursor(string cursor)
    {
        var act = () => Reader.QueryAsync(AuditViewer.Admin("john"), new AuditQuery { Cursor = cursor });

        (await act.Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.Cursor");
    }

    [Fact]
    public async Task QueryAsync_TamperedCursor_IsRejected()
    {
        var admin = AuditViewer.Admin("john");
        var cursor = (await Reader.QueryAsync(admin, new AuditQuery { Limit = 2 })).NextCursor!;
        var tampered = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];

        var act = () => Reader.QueryAsync(admin, new AuditQuery { Limit = 2, Cursor = tampered });

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*cursor*").Where(e => e.ParamName == "query.Cursor");
    }

    [Fact]
    public async Task QueryAsync_CursorFromAnotherViewersScopeOrFilter_IsRejected()
    {
        var cursor = (await Reader.QueryAsync(AuditViewer.Admin("john"), new AuditQuery { Limit = 2 })).NextCursor!;

        await FluentActions.Awaiting(() => Reader.QueryAsync(AuditViewer.User("mike"), new AuditQuery { Limit = 2, Cursor = cursor }))
            .Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Reader.QueryAsync(AuditViewer.Admin("john"), new AuditQuery { Limit = 2, Cursor = cursor, Search = "x" }))
            .Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task QueryAsync_CursorOfATenantsAdmin_IsRejectedForEveryOtherScope()
    {
        var logger = _services.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < 3; i++)
        {
            await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("mike", "Mike Johnson"), TenantId = "acme" });
        }

        var query = new AuditQuery { Limit = 2 };
        var cursor = (await Reader.QueryAsync(new AuditViewer("ann", IsAdmin: true, TenantId: "acme"), query)).NextCursor!;

        AuditViewer[] others =
        [
            new("ann", IsAdmin: true, TenantId: "globex"),
            new("ann", IsAdmin: true, TenantId: ""),
            AuditViewer.Admin("ann"),
            new("mike", IsAdmin: false, TenantId: "acme"),
        ];
        foreach (var viewer in others)
        {
            (await FluentActions.Awaiting(() => Reader.QueryAsync(viewer, query with { Cursor = cursor }))
                .Should().ThrowAsync<ArgumentException>($"{viewer} may not page on with the cursor of acme's admin")).Which.ParamName.Should().Be("query.Cursor");
        }

        await FluentActions.Awaiting(() => Reader.QueryAsync(new AuditViewer("bea", IsAdmin: true, TenantId: "acme"), query with { Cursor = cursor }))
            .Should().NotThrowAsync("another admin of the same tenant has the same scope, and so the same pages");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task QueryAsync_LimitOutOfRange_ThrowsNamingTheLimit(int limit)
    {
        var act = () => Reader.QueryAsync(AuditViewer.Admin("john"), new AuditQuery { Limit = limit });

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>())
            .WithMessage("*between 1 and 1000*").Where(e => e.ParamName == "query.Limit");
    }

    [Fact]
    public async Task QueryAsync_InvalidFilters_ThrowNamingTheProperty()
    {
        var admin = AuditViewer.Admin("john");
        var now = DateTimeOffset.UtcNow;

        (await FluentActions.Awaiting(() => Reader.QueryAsync(admin, new AuditQuery { From = now, To = now.AddDays(-1) }))
            .Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.From");
        (await FluentActions.Awaiting(() => Reader.QueryAsync(admin, new AuditQuery { Search = new string('x', 257) }))
            .Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.Search");
        (await FluentActions.Awaiting(() => Reader.QueryAsync(admin, new AuditQuery { ActionTypes = [(AuditActionType)99] }))
            .Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.ActionTypes");
        (await FluentActions.Awaiting(() => Reader.CountAsync(admin, new AuditQuery { ActorIds = [new string('x', 300)] }))
            .Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.ActorIds");
        (await FluentActions.Awaiting(() => Reader.QueryAsync(admin, new AuditQuery { Actions = Enumerable.Repeat("a", 101).ToList() }))
            .Should().ThrowAsync<ArgumentException>()).Where(e => e.ParamName == "query.Actions");
    }

    public static TheoryData<AuditViewer, AuditQuery, bool, bool> ScopeQuestions => new()
    {
        { AuditViewer.User("mike"), new AuditQuery(), false, false },
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["mike"], Search = "john", ResourceId = "john" }, false, false },
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["john"] }, false, true },
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["mike", "john"] }, false, true },
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["Mike"] }, false, true },

        // Records about Mike are his to see whoever acted: naming another actor asks for those.
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["john"] }, true, false },
        { AuditViewer.User("mike"), new AuditQuery { ActorIds = ["mike", "john"] }, true, false },
        { new AuditViewer("mike", IsAdmin: false, TenantId: "acme"), new AuditQuery { ActorIds = ["john"], TenantId = "globex" }, true, true },
        { new AuditViewer(" ", IsAdmin: false), new AuditQuery { ActorIds = ["john"] }, true, true },
        { AuditViewer.Admin("root"), new AuditQuery { ActorIds = ["john", "mike"] }, false, false },
        { new AuditViewer("root", IsAdmin: true, TenantId: "acme"), new AuditQuery { TenantId = "acme" }, false, false },
        { new AuditViewer("root", IsAdmin: true, TenantId: "acme"), new AuditQuery { TenantId = "globex" }, false, true },
        { new AuditViewer("mike", IsAdmin: false, TenantId: "acme"), new AuditQuery { ActorIds = ["mike"], TenantId = "globex" }, false, true },
        { new AuditViewer(" ", IsAdmin: true), new AuditQuery { ActorIds = ["john"] }, false, true },
    };

    [Theory]
    [MemberData(nameof(ScopeQuestions))]
    public void AsksOutsideScope_NamesAnActorOrTenantTheScopeExcludes_IsTrue(AuditViewer viewer, AuditQuery query, bool includeRecordsAboutViewer, bool expected) =>
        viewer.AsksOutsideScope(query, includeRecordsAboutViewer).Should().Be(expected);

    [Fact]
    public void AsksOutsideScope_WithoutTheOption_IsAsWithTheDefaultOption() =>
        AuditViewer.User("mike").AsksOutsideScope(new AuditQuery { ActorIds = ["john"] })
            .Should().Be(AuditViewer.User("mike").AsksOutsideScope(new AuditQuery { ActorIds = ["john"] }, new AuditTrailOptions().IncludeRecordsAboutViewer));

    [Fact]
    public async Task Export_ToAStreamThatCannotBeWritten_NamesTheDestination()
    {
        using var readOnly = new MemoryStream([], writable: false);

        var export = () => Reader.ExportAsync(AuditViewer.Admin("auditor"), new AuditQuery(), AuditExportFormat.Csv, readOnly);

        (await export.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destination");
    }

    [Fact]
    public void AsksOutsideScope_InvalidQuery_ThrowsNamingTheProperty() =>
        FluentActions.Invoking(() => AuditViewer.User("mike").AsksOutsideScope(new AuditQuery { ActorIds = [new string('x', 300)] }))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "query.ActorIds");

    /// <summary>
    /// Cancelling a stream stops it at the next record, even when the store has a page of rows in hand (the fake store,
    /// like a store that reads pages, does not look at the token between records).
    /// </summary>
    [Fact]
    public async Task StreamAsync_CancelledMidway_StopsAtTheNextRecord()
    {
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        var enumerate = async () =>
        {
            await foreach (var _ in Reader.StreamAsync(AuditViewer.Admin("john"), new AuditQuery(), cancellation.Token))
            {
                if (++read == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        };

        await enumerate.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Be(3);
    }

    [Fact]
    public async Task ExportAsync_CancelledMidway_WritesNoMoreRecords()
    {
        using var cancellation = new CancellationTokenSource();
        using var destination = new CancelOnFirstWriteStream(cancellation);

        var export = () => Reader.ExportAsync(AuditViewer.Admin("john"), new AuditQuery(), AuditExportFormat.JsonLines, destination, cancellation.Token);

        await export.Should().ThrowAsync<OperationCanceledException>();
        destination.Writes.Should().BeLessThanOrEqualTo(1);
    }

    private sealed class CancelOnFirstWriteStream(CancellationTokenSource cancellation) : MemoryStream
    {
        public int Writes { get; private set; }

        // MemoryStream sends span and async writes of a derived type here.
        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
            cancellation.Cancel();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }
    }
}
