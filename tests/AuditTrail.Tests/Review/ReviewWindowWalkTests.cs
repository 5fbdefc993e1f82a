namespace AuditTrail.Tests.Review;

/// <summary>
/// <see cref="AuditReviewWindowWalk"/> merges reads that each walk their own windows: a record two reads find comes
/// once, whole when one of them reads it whole, and the walk stops its reads when its consumer stops early.
/// </summary>
public sealed class ReviewWindowWalkTests
{
    private static readonly AuditReviewWindows Small = new(TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(3660), 4);

    [Fact]
    public async Task ReadAsync_ARecordOfAWholeReadAndASummaryRead_ComesOnceAndWhole()
    {
        var trail = new Trail();
        var t0 = Trail.Monday;
        for (var i = 0; i < 40; i++)
        {
            // Several on one instant, across the windows of both reads.
            trail.LoginSucceeded(t0.AddMinutes(i / 3 * 7), "u-" + (i % 3), userAgent: "agent-" + i);
        }

        var all = AuditFilter.All with { From = t0, To = t0.AddDays(1) };
        AuditReviewRead[] reads =
        [
            new(all with { ActorIds = ["u-1"] }, Summary: true),
            new(all with { Actions = [AuditActions.LoginSucceeded] }, Summary: false),
        ];

        var records = new List<AuditRecord>();
        await foreach (var record in new AuditReviewWindowWalk(trail.Store, Small).ReadAsync(reads, CancellationToken.None))
        {
            records.Add(record);
        }

        records.Select(r => r.Id).Should().Equal(trail.Store.Records.Order(Comparer<AuditRecord>.Create(AuditReviewOrder.Compare)).Select(r => r.Id));
        records.Should().OnlyContain(r => r.UserAgent != null && r.UserAgent.StartsWith("agent-", StringComparison.Ordinal));
        trail.Store.SummaryFilters.Should().NotBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_LeftAfterTheFirstRecord_StopsItsReads()
    {
        var trail = new Trail();
        for (var i = 0; i < 500; i++)
        {
            trail.LoginSucceeded(Trail.Monday.AddMinutes(i), "u-a");
        }

        AuditReviewRead[] reads = [new(AuditFilter.All with { Actions = [AuditActions.LoginSucceeded], From = Trail.Monday, To = Trail.Monday.AddDays(2) }, Summary: false)];

        await foreach (var _ in new AuditReviewWindowWalk(trail.Store, Small).ReadAsync(reads, CancellationToken.None))
        {
            break;
        }

        // One window taken, one read ahead, and at most one more begun: not the 500 rows' windows.
        var readsAfterLeaving = trail.Store.Filters.Count;
        readsAfterLeaving.Should().BeLessThan(10);
        await Task.Yield();
        trail.Store.Filters.Count.Should().Be(readsAfterLeaving);
    }
}
