using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Review;

/// <summary>
/// The review reads changes and departed actors' actions as summaries when the store has them
/// (<see cref="IAuditSummaryStore"/>), and whole records otherwise: the findings are the same.
/// </summary>
public sealed class ReviewSummaryTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Fact]
    public async Task Review_WithAndWithoutSummaries_FindsTheSame()
    {
        var trail = Everything();

        var narrow = await trail.ReviewWeekAsync();
        var whole = await new AuditReview(
            new WholeRecordsOnly(trail.Store), Options.Create(trail.Options), Options.Create(trail.TrailOptions), trail.Time).ReviewAsync(AuditViewer.Admin("u-admin"), Trail.Monday, Trail.Monday.AddDays(7));

        narrow.Findings.Select(f => f.Detector).Should().Contain(
            [AuditDetectors.ChangeOutsideMaintenanceWindow, AuditDetectors.BulkDelete, AuditDetectors.DepartedActorActive, AuditDetectors.PrivilegeEscalation, AuditDetectors.TrailGap]);
        narrow.Findings.Should().BeEquivalentTo(whole.Findings, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Review_ChangesAndTheDepartedsActions_AreReadAsSummaries_EverythingElseWhole()
    {
        var trail = Everything();

        await trail.ReviewWeekAsync();

        trail.Store.SummaryFilters.Should().Contain(f => f.ActionTypes.Count == 1 && f.ActionTypes[0] == AuditActionType.Update)
            .And.Contain(f => f.ActorIds.Contains("u-gone"))
            .And.OnlyContain(f => f.ActionTypes.Count > 0 || f.ActorIds.Count > 0);
        trail.Store.Filters.Where(f => f.Actions.Count > 0).Should().NotBeEmpty()
            .And.NotIntersectWith(trail.Store.SummaryFilters);
    }

    /// <summary>An episode of each detector that reads changes, with the records whose detectors need whole records among them.</summary>
    private static Trail Everything()
    {
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(6)));
        trail.TrailOptions.Retention.Period = TimeSpan.FromDays(365);
        trail.Change(At, "u-bob");
        for (var i = 0; i < 50; i++)
        {
            trail.Change(At.AddHours(1).AddSeconds(i), "u-carl", AuditActionType.Delete);
        }

        trail.Security(At.AddHours(2), "u-admin", AuditActions.AccountDeactivated, "u-gone");
        trail.Change(At.AddHours(3), "u-gone");

        // A role change recorded as an update and a purge as a delete: both come in the change read, and whole in their own.
        trail.Record(At.AddHours(4), Trail.User("u-eve"), AuditActions.RoleChanged, AuditActionType.Update, resource: new AuditResource("user", "u-eve", "u-eve"),
            target: new AuditTargetUser("u-eve", "u-eve"), changes: [new AuditFieldChange("role", "User", "Admin")]);
        trail.Record(At.AddHours(5), AuditActor.System, AuditActions.AuditPurged, AuditActionType.Delete, ip: null,
            metadata: new() { ["purged_count"] = "5", ["cutoff"] = At.AddDays(-1).UtcDateTime.ToString("O", CultureInfo.InvariantCulture) });
        return trail;
    }

    /// <summary>The same store without its narrow reads, as a store that has none.</summary>
    private sealed class WholeRecordsOnly(ReviewStore inner) : IAuditStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => inner.WriteAsync(batch, cancellationToken);

        public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

        public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

        public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

        public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);

        public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);
    }
}
