using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>purge --execute</c> and <c>archive --purge</c> killed (kill -9) between their committed batches and their
/// <c>audit.purged</c> record: the next run records what the killed one removed before it purges.
/// </summary>
public sealed class PurgeKilledTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Purge_AfterARunKilledBeforeItsRecord_RecordsWhatThatRunRemoved()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        (await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T05:00:00Z", "--execute")).Exit
            .Should().Be(AuditTrailCommand.Valid, "rows 1 to 5 go, recorded as row 21");
        await KilledPurgeAsync(Start.AddHours(8), maxRows: 3);

        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Recorded as audit.purged").And.Contain("rows 6 to 8");
        var purged = await PurgedAsync();
        purged.Should().ContainSingle(r => r.Metadata.ContainsKey("interrupted"))
            .Which.Metadata.Should().Contain("purged_count", "3").And.Contain("first_sequence", "6").And.Contain("anchor_sequence", "8");
        purged.Should().ContainSingle(r => r.Metadata.GetValueOrDefault("anchor_sequence") == "10" && !r.Metadata.ContainsKey("interrupted"));
        (await CliRunner.RunAsync("verify", "--sqlite", _trail.Database)).Exit.Should().Be(AuditTrailCommand.Valid);
    }

    [Fact]
    public async Task ArchivePurge_AfterAFirstRunKilledBeforeItsRecord_RecordsWhatThatRunRemoved()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        var archive = _trail.PathOf("archive");
        (await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T04:00:00Z")).Exit
            .Should().Be(AuditTrailCommand.Valid, "rows 1 to 4 archived, not purged");
        await KilledPurgeAsync(Start.AddHours(4), maxRows: 4);

        var (exit, output, error) = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--purge");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Recorded as audit.purged").And.Contain("through row 4");
        (await PurgedAsync()).Should().ContainSingle(r => r.Metadata.ContainsKey("interrupted"))
            .Which.Metadata.Should().Contain("anchor_sequence", "4");
        (await CliRunner.RunAsync("verify-archive", archive, "--sqlite", _trail.Database)).Exit.Should().Be(AuditTrailCommand.Valid);
    }

    [Fact]
    public async Task PurgeAndArchivePurge_WhileAnotherPurgeIsUnderWay_RefuseAndTouchNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        var archive = _trail.PathOf("archive");
        await using (var application = _trail.OpenStore())
        {
            // The application's retention is between two batches: it holds the purge lock, and row 1 and 2 are gone unrecorded.
            await using var held = await application.TryAcquirePurgeLockAsync();
            held.Should().NotBeNull();
            (await application.PurgeAsync(Start.AddHours(2), 2)).Should().Be(2);

            var purge = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute");
            var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--purge");

            purge.Exit.Should().Be(2);
            purge.Error.Should().Contain("Another purge is running on this store").And.Contain("nothing was purged");
            archived.Exit.Should().Be(2);
            archived.Error.Should().Contain("Another purge is running on this store").And.Contain("nothing was archived or purged");
            (await PurgedAsync()).Should().BeEmpty("the purge under way is not taken for a killed one");
            (await application.GetAnchorAsync())!.Sequence.Should().Be(2, "nothing else went");
        }

        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Recorded as audit.purged", "the holder ended without recording its batch: now it is a killed purge");
    }

    /// <summary>What a run killed after a batch leaves: the rows and the anchor gone, no record.</summary>
    private async Task KilledPurgeAsync(DateTimeOffset cutoff, int maxRows)
    {
        await using var store = _trail.OpenStore();
        (await store.PurgeAsync(cutoff, maxRows)).Should().Be(maxRows);
    }

    private async Task<IReadOnlyList<AuditRecord>> PurgedAsync()
    {
        await using var store = _trail.OpenStore();
        return await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10));
    }
}
