using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// What a store's histogram must do, through <see cref="IAuditHistogram"/> over the store itself (its own
/// <see cref="IAuditHistogramStore"/> when it has one): counts per hour or day and action type, every bucket present,
/// exact at the range's edges, the query's filters applied and the viewer's scope kept. A store's test project derives
/// from this class; <see cref="CreateStore"/> returns a fresh, isolated, empty store per test.
/// </summary>
public abstract class AuditHistogramConformanceTests : IAsyncLifetime
{
    /// <summary>The clock's time: a whole hour plus 30 minutes, so "now" is inside a bucket.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 30, 0, TimeSpan.Zero);

    private static readonly AuditViewer Admin = AuditViewer.Admin("u-admin");
    private ServiceProvider? _services;

    /// <summary>The store under test.</summary>
    protected IAuditStore Store { get; private set; } = null!;

    private IAuditHistogram Histogram => _services!.GetRequiredService<IAuditHistogram>();

    /// <summary>Creates a fresh, isolated, empty store; the derived class cleans it up.</summary>
    protected abstract IAuditStore CreateStore();

    /// <inheritdoc />
    public virtual Task InitializeAsync()
    {
        Store = CreateStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider(Now));
        services.AddAuditTrail().UseStore(_ => Store);
        _services = services.BuildServiceProvider();
        return Store.InitializeAsync();
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Hourly_CountsEachBucketByActionType_WithEmptyBucketsPresent()
    {
        await WriteAsync(
            At(-150, AuditActionType.Update), At(-140, AuditActionType.Update), At(-130, AuditActionType.Delete),
            At(-20, AuditActionType.Update));

        var histogram = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddHours(-3), To = Now }, AuditHistogramInterval.Hour);

        histogram.Interval.Should().Be(AuditHistogramInterval.Hour);
        histogram.Buckets.Select(bucket => bucket.Start).Should().Equal(
            Hour(12), Hour(13), Hour(14), Hour(15));
        histogram.Buckets[0].Counts.Should().BeEmpty("12:30 to 13:00 holds nothing");
        histogram.Buckets[1].Counts.Should().Equal(new AuditHistogramCount(AuditActionType.Update, 2), new AuditHistogramCount(AuditActionType.Delete, 1));
        histogram.Buckets[2].Counts.Should().BeEmpty();
        histogram.Buckets[3].Counts.Should().Equal(new AuditHistogramCount(AuditActionType.Update, 1));
        histogram.Total.Should().Be(4);
    }

    [Fact]
    public async Task Edges_CountOnlyRecordsInsideFromAndTo_EvenWithinABucket()
    {
        await WriteAsync(At(-101, AuditActionType.Create), At(-99, AuditActionType.Create), At(-1, AuditActionType.Create), At(0, AuditActionType.Create));

        var histogram = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddMinutes(-100), To = Now }, AuditHistogramInterval.Hour);

        histogram.From.Should().Be(Now.AddMinutes(-100));
        histogram.To.Should().Be(Now);
        histogram.Buckets.Select(bucket => bucket.Total).Should().Equal(1, 0, 1);
    }

    [Fact]
    public async Task Filters_AreAppliedAsInEveryRead()
    {
        await WriteAsync(
            At(-10, AuditActionType.Update),
            At(-10, AuditActionType.Delete),
            At(-10, AuditActionType.Update) with { Actor = AuditActor.User("u-other", "Other") },
            At(-10, AuditActionType.Update) with { Outcome = AuditOutcome.Failure });

        var byType = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddHours(-1), ActionTypes = [AuditActionType.Delete] }, AuditHistogramInterval.Hour);
        var byUser = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddHours(-1), ActorIds = ["u-other"] }, AuditHistogramInterval.Hour);
        var byOutcome = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddHours(-1), Outcome = AuditOutcome.Failure }, AuditHistogramInterval.Hour);

        byType.Total.Should().Be(1);
        byType.Buckets.SelectMany(bucket => bucket.Counts).Should().Equal(new AuditHistogramCount(AuditActionType.Delete, 1));
        byUser.Total.Should().Be(1);
        byOutcome.Total.Should().Be(1);
    }

    [Fact]
    public async Task Scope_AnAdminCountsTheirTenant_AUserTheirOwnActionsAndTheRecordsAboutThem()
    {
        var mike = AuditActor.User("u-mike", "Mike");
        await WriteAsync(
            At(-10, AuditActionType.Update) with { Actor = mike, TenantId = "acme" },
            At(-10, AuditActionType.Security) with { TargetUser = new AuditTargetUser("u-mike", "Mike"), TenantId = "acme" },
            At(-10, AuditActionType.Delete) with { TenantId = "acme" },
            At(-10, AuditActionType.Delete) with { TenantId = "globex" });
        var query = new AuditQuery { From = Now.AddHours(-1) };

        var admin = await Histogram.GetHistogramAsync(new AuditViewer("u-admin", IsAdmin: true, TenantId: "acme"), query, AuditHistogramInterval.Hour);
        var user = await Histogram.GetHistogramAsync(new AuditViewer("u-mike", IsAdmin: false, TenantId: "acme"), query, AuditHistogramInterval.Hour);
        var nobody = await Histogram.GetHistogramAsync(null, query, AuditHistogramInterval.Hour);

        admin.Total.Should().Be(3, "the admin of acme sees acme's records only");
        user.Buckets.SelectMany(bucket => bucket.Counts).Should().BeEquivalentTo(
            [new AuditHistogramCount(AuditActionType.Update, 1), new AuditHistogramCount(AuditActionType.Security, 1)],
            "a user sees their own action and the one about them, not their colleagues'");
        nobody.Total.Should().Be(0);
        nobody.Buckets.Should().HaveCount(2, "the range is still laid out");
    }

    [Fact]
    public async Task Scope_AViewerWhoseTenantIsEmpty_CountsWhatTheListShows_NotTheRecordsOfNoTenant()
    {
        // Whole hours, so that a store counting them from a rollup does.
        await WriteAsync(
            At(-150, AuditActionType.Update) with { TenantId = "" },
            At(-140, AuditActionType.Update) with { TenantId = null },
            At(-130, AuditActionType.Delete) with { TenantId = null },
            At(-20, AuditActionType.Delete) with { TenantId = "acme" });
        var query = new AuditQuery { From = Now.AddHours(-3), To = Now };
        var reader = _services!.GetRequiredService<IAuditReader>();

        foreach (var viewer in new[] { new AuditViewer("u-admin", IsAdmin: true, TenantId: ""), new AuditViewer("u1", IsAdmin: false, TenantId: "") })
        {
            var histogram = await Histogram.GetHistogramAsync(viewer, query, AuditHistogramInterval.Hour);
            var listed = (await reader.QueryAsync(viewer, query)).Items;

            listed.Should().ContainSingle("the one record of the tenant ''").Which.TenantId.Should().Be("", "a viewer of the tenant '' sees none of another tenant or of none");
            histogram.Total.Should().Be(listed.Count, $"the chart of {viewer} counts the records its list shows");
            (await reader.CountAsync(viewer, query)).Should().Be(listed.Count);
        }
    }

    [Fact]
    public async Task Auto_WithoutFrom_StartsAtTheOldestMatchingRecord_AndCountsPerDay()
    {
        await WriteAsync(At(-60 * 24 * 5, AuditActionType.Authentication), At(-10, AuditActionType.Authentication));

        var histogram = await Histogram.GetHistogramAsync(Admin, new AuditQuery(), AuditHistogramInterval.Auto);

        histogram.Interval.Should().Be(AuditHistogramInterval.Day);
        histogram.From.Should().Be(Now.AddDays(-5));
        histogram.To.Should().Be(Now);
        histogram.Buckets.Should().HaveCount(6);
        histogram.Buckets[0].Start.Should().Be(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        histogram.Buckets.Select(bucket => bucket.Total).Should().Equal(1, 0, 0, 0, 0, 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Auto_WithoutFrom_AUserStartsAtTheOldestOfTheirActionsAndTheRecordsAboutThem(bool oldestIsAboutThem)
    {
        var mike = AuditActor.User("u-mike", "Mike");
        var aboutMike = new AuditTargetUser("u-mike", "Mike");
        await WriteAsync(
            At(-60 * 24 * 9, AuditActionType.Delete),
            At(-60 * 24 * (oldestIsAboutThem ? 4 : 6), AuditActionType.Security) with { TargetUser = aboutMike },
            At(-60 * 24 * (oldestIsAboutThem ? 3 : 5), AuditActionType.Update) with { Actor = mike },
            At(-60 * 24 * 2, AuditActionType.Update) with { Actor = mike, TargetUser = aboutMike },
            At(-10, AuditActionType.Update) with { Actor = mike });

        var histogram = await Histogram.GetHistogramAsync(AuditViewer.User("u-mike"), new AuditQuery(), AuditHistogramInterval.Auto);

        histogram.From.Should().Be(Now.AddDays(oldestIsAboutThem ? -4 : -6), "the oldest record in the user's scope, not the colleague's older one");
        histogram.Total.Should().Be(4, "their own actions and the one about them, each once");
    }

    [Fact]
    public async Task Auto_OverAShortRange_CountsPerHour()
    {
        var histogram = await Histogram.GetHistogramAsync(Admin, new AuditQuery { From = Now.AddHours(-24) }, AuditHistogramInterval.Auto);

        histogram.Interval.Should().Be(AuditHistogramInterval.Hour);
        histogram.Buckets.Should().HaveCount(25);
        histogram.Total.Should().Be(0);
    }

    [Fact]
    public async Task TooManyBuckets_IsRefused_NamingTheInterval()
    {
        var query = new AuditQuery { From = Now.AddDays(-30), To = Now };

        var act = () => Histogram.GetHistogramAsync(Admin, query, AuditHistogramInterval.Hour);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("interval");
        (await Histogram.GetHistogramAsync(Admin, query, AuditHistogramInterval.Day)).Buckets.Should().HaveCount(31, "the partial days at both ends are buckets too");
    }

    private static DateTimeOffset Hour(int hour) => new(2026, 12, 3, hour, 0, 0, TimeSpan.Zero);

    private static AuditRecord At(int minutes, AuditActionType type) => Some.Record(Now.AddMinutes(minutes)) with { ActionType = type };

    private Task WriteAsync(params AuditRecord[] records) => Store.WriteAsync(records);
}
