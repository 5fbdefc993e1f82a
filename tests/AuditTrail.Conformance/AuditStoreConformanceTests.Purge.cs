using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task PurgeAsync_RemovesOnlyAPrefixInWriteOrder_StoppingAtTheFirstRecordToKeep()
    {
        // Retention keeps the hash chain verifiable by removing only its oldest links: an old record written
        // after a recent one (an import) waits until everything written before it has expired.
        var first = Some.Record(Some.Time(1));
        var recent = Some.Record(Some.Time(100));
        var importedLater = Some.Record(Some.Time(2));
        await WriteAsync(first, recent, importedLater);

        (await Store.PurgeAsync(Some.Time(50), 100)).Should().Be(1);

        await ShouldMatchAsync(AuditFilter.All, recent, importedLater);
    }

    [Fact]
    public async Task PurgeAsync_DeletesOnlyRecordsBeforeTheCutoff()
    {
        var cutoff = Some.Time(10);
        var old = Some.Record(Some.Time(8));
        var justBefore = Some.Record(Some.Micros(cutoff, -1));
        var atCutoff = Some.Record(cutoff);
        var after = Some.Record(Some.Time(11));
        await WriteAsync(old, justBefore, atCutoff, after);

        var deleted = await Store.PurgeAsync(cutoff, 100);

        deleted.Should().Be(2);
        await ShouldMatchAsync(AuditFilter.All, atCutoff, after);
    }

    [Fact]
    public async Task PurgeAsync_RespectsMaxRowsAndDeletesOldestFirst()
    {
        var old = Some.Records(5, i => Some.Time(i));
        var recent = Some.Record(Some.Time(100));
        await WriteAsync([old[0], old[1], old[2], old[3], old[4], recent]);

        (await Store.PurgeAsync(Some.Time(50), 2)).Should().Be(2);
        await ShouldMatchAsync(AuditFilter.All, old[2], old[3], old[4], recent);

        (await Store.PurgeAsync(Some.Time(50), 2)).Should().Be(2);
        await ShouldMatchAsync(AuditFilter.All, old[4], recent);

        (await Store.PurgeAsync(Some.Time(50), 2)).Should().Be(1);
        (await Store.PurgeAsync(Some.Time(50), 2)).Should().Be(0);
        await ShouldMatchAsync(AuditFilter.All, recent);
    }

    [Fact]
    public async Task PurgeAsync_ManyRecordsWithOneTimestamp_DeletesExactlyMaxRows()
    {
        await WriteAsync(Some.Records(30, _ => Some.Time(1)));

        (await Store.PurgeAsync(Some.Time(2), 12)).Should().Be(12);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(18);
    }

    [Fact]
    public async Task PurgeAsync_EmptyStore_DeletesNothing()
    {
        (await Store.PurgeAsync(Some.Time(1000), 10)).Should().Be(0);
    }

    [Fact]
    public async Task PurgeAsync_PurgedRecordsAreGoneFromEveryRead()
    {
        var purged = Some.Record(Some.Time(1)) with
        {
            Actor = AuditActor.User("gone", "Gone"),
            Action = "gone.action",
            ActionType = AuditActionType.Security,
            Description = "Wombat77",
        };
        var kept = Some.Record(Some.Time(10)) with { Description = "kept" };
        await WriteAsync(purged, kept);

        await Store.PurgeAsync(Some.Time(5), 10);

        (await Store.GetAsync(purged.Id)).Should().BeNull();
        await ShouldMatchAsync(new AuditFilter { Search = "wombat77" });
        await ShouldMatchAsync(new AuditFilter { Search = "wo" });
        await ShouldMatchAsync(AuditFilter.All, kept);
        var facets = await Store.GetFacetsAsync(AuditFilter.All);
        facets.Actors.Select(actor => actor.Id).Should().Equal("u1");
        facets.ActionTypes.Should().Equal(AuditActionType.Update);
        facets.Actions.Should().Equal("server.updated");
    }
}
