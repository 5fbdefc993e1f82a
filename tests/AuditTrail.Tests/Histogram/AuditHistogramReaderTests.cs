using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Histogram;

/// <summary>
/// The histogram reader's own rules over a store that does not count (the fake ignores filters, as a careless store
/// would): the scope and range handed to the store, the second scope check on what it streams, and argument errors.
/// </summary>
public sealed class AuditHistogramReaderTests : IAsyncLifetime
{
    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    private IAuditHistogram Histogram => _services.GetRequiredService<IAuditHistogram>();

    public async Task InitializeAsync()
    {
        _services = TestHost.Create(_store, options => options.RecordLifecycleEvents = false);
        var logger = _services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("mike", "Mike") });
        await logger.LogAsync(new AuditEvent { Action = "a.c", ActionType = AuditActionType.Delete, Actor = AuditActor.User("john", "John") });
        await logger.LogAsync(new AuditEvent { Action = "a.c", ActionType = AuditActionType.Delete, Actor = AuditActor.User("john", "John") });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task UserViewer_CountsOnlyTheirOwnRecords_EvenWhenTheStoreReturnsMore()
    {
        var histogram = await Histogram.GetHistogramAsync(AuditViewer.User("mike"), new AuditQuery { From = TestHost.Start.AddHours(-1) }, AuditHistogramInterval.Auto);

        histogram.Buckets.SelectMany(bucket => bucket.Counts).Should().Equal(new AuditHistogramCount(AuditActionType.Create, 1));
        var filter = _store.Filters.Last();
        filter.ScopeActorId.Should().Be("mike");
        filter.From.Should().Be(TestHost.Start.AddHours(-1));
        filter.To.Should().Be(TestHost.Start, "without query.To the range ends now");
    }

    [Fact]
    public async Task Admin_CountsEveryone_StackedInActionTypeOrder()
    {
        var histogram = await Histogram.GetHistogramAsync(AuditViewer.Admin("root"), new AuditQuery { From = TestHost.Start.AddHours(-1), To = TestHost.Start.AddMinutes(1) }, AuditHistogramInterval.Hour);

        histogram.Buckets.Should().HaveCount(2);
        histogram.Buckets[1].Counts.Should().Equal(new AuditHistogramCount(AuditActionType.Create, 1), new AuditHistogramCount(AuditActionType.Delete, 2));
        histogram.Total.Should().Be(3);
    }

    [Fact]
    public async Task NoViewer_SeesNothing_AndTheStoreIsNotRead()
    {
        var before = _store.Filters.Count;

        var histogram = await Histogram.GetHistogramAsync(null, new AuditQuery { From = TestHost.Start.AddHours(-2) }, AuditHistogramInterval.Hour);

        histogram.Total.Should().Be(0);
        histogram.Buckets.Should().HaveCount(3);
        _store.Filters.Count.Should().Be(before);
    }

    [Fact]
    public async Task UndefinedInterval_OrAnInvalidQuery_IsAnArgumentErrorNamingIt()
    {
        var undefined = () => Histogram.GetHistogramAsync(AuditViewer.Admin("root"), new AuditQuery(), (AuditHistogramInterval)7);
        var backwards = () => Histogram.GetHistogramAsync(AuditViewer.Admin("root"), new AuditQuery { From = TestHost.Start, To = TestHost.Start.AddDays(-1) }, AuditHistogramInterval.Auto);

        (await undefined.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("interval");
        (await backwards.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("query.From");
    }

    [Fact]
    public async Task WithoutFrom_AnOldTrail_IsClampedToTheLastMaxBuckets()
    {
        await _store.WriteAsync([_store.Stored[0] with { Id = Guid.CreateVersion7(), OccurredAt = TestHost.Start.AddDays(-400) }]);

        var histogram = await Histogram.GetHistogramAsync(AuditViewer.Admin("root"), new AuditQuery(), AuditHistogramInterval.Auto);

        histogram.Interval.Should().Be(AuditHistogramInterval.Day);
        histogram.Buckets.Should().HaveCount(AuditHistogram.MaxBuckets);
        histogram.From.Should().Be(histogram.Buckets[0].Start);
        histogram.Total.Should().Be(3, "the record 400 days back is outside the last 200 days");
    }
}
