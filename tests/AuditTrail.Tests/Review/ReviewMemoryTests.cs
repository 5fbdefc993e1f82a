namespace AuditTrail.Tests.Review;

/// <summary>
/// The review hands records to the detectors a time window at a time (<see cref="AuditReviewWindows"/>): it never
/// holds much more than one window's records, however many the period has.
/// </summary>
public sealed class ReviewMemoryTests
{
    [Fact]
    public async Task Review_OfManyRecords_HoldsAboutOneWindowOfThemAtOnce()
    {
        const int Count = 60_000;
        var trail = new Trail();
        var start = Trail.Monday.AddDays(-30);
        var step = TimeSpan.FromDays(37) / Count;
        for (var i = 0; i < Count; i++)
        {
            trail.LoginSucceeded(start + (step * i), "u-" + (i % 50), "198.51.100." + (i % 200));
        }

        // The detectors ask for the country of each login as they observe it: the rows read but not observed yet are held.
        var geo = new HeldCounter(trail.Store);

        await trail.ReviewWeekAsync(geo: geo);

        geo.Observed.Should().Be(Count);
        geo.MostHeld.Should().BeLessThanOrEqualTo(AuditReviewWindows.Default.Limit).And.BeLessThan(Count / 2);
        // The windows grow to the trail's density: a few dozen reads (84 when written), not one per hour of the 37 days.
        trail.Store.Filters.Count.Should().BeLessThan(200);
    }

    [Fact]
    public async Task Walk_ADenseStretchAfterAQuietOne_IsReadAgainInShorterWindows()
    {
        var trail = new Trail();
        var t0 = Trail.Monday;
        for (var i = 0; i < 100; i++)
        {
            trail.LoginFailed(t0.AddHours(i * 2.4), "u-ann");
        }

        var dense = t0.AddDays(10).AddHours(1);
        for (var i = 0; i < 5000; i++)
        {
            trail.LoginSucceeded(dense.AddMilliseconds(i * 97), "u-bob");
        }

        // Many records on one instant are never split, whatever the limit.
        var instant = dense.AddHours(1);
        for (var i = 0; i < 300; i++)
        {
            trail.LoginSucceeded(instant, "u-cid");
        }

        var windows = new AuditReviewWindows(TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(3660), 50);
        var all = AuditFilter.All with { From = t0, To = t0.AddDays(12) };
        AuditReviewRead[] reads =
        [
            new(all with { Actions = [AuditActions.LoginFailed] }, Summary: false),
            new(all with { Actions = [AuditActions.LoginSucceeded] }, Summary: false),
        ];

        var records = new List<AuditRecord>();
        await foreach (var record in new AuditReviewWindowWalk(trail.Store, windows).ReadAsync(reads, CancellationToken.None))
        {
            records.Add(record);
        }

        records.Should().Equal(trail.Store.Records.Order(Comparer<AuditRecord>.Create(AuditReviewOrder.Compare)));
        trail.Store.RowsReadByRange.Where(r => r.Key.To - r.Key.From > windows.MinSpan).Should().OnlyContain(r => r.Value <= windows.Limit + 1);
        trail.Store.RowsReadByRange.Values.Max().Should().BeGreaterThanOrEqualTo(300);
        trail.Store.Filters.Count.Should().BeLessThan(1000);
    }

    private sealed class HeldCounter(ReviewStore store) : IAuditGeoLocator
    {
        public int Observed { get; private set; }

        public int MostHeld { get; private set; }

        public string? GetCountry(string sourceIp)
        {
            MostHeld = Math.Max(MostHeld, store.RowsRead - Observed);
            Observed++;
            return "FR";
        }
    }
}
