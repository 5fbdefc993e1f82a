using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Store;
using AuditTrail.Cli.Tests.Support;
using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>purge --execute --wait</c> and <c>archive --purge --wait</c> while another purge holds the store's purge lock: they
/// wait for it (on the context's clock, a <see cref="FakeTimeProvider"/> here) up to the duration given, then purge or
/// refuse as without the option.
/// </summary>
public sealed class PurgeWaitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Purge_LockReleasedWhileItWaits_PurgesAndRecordsOnce()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        await using var application = _trail.OpenStore();
        var held = (await application.TryAcquirePurgeLockAsync())!;

        var run = await StartWaitingAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--wait", "1d");
        run.Error.ToString().Should().Contain("Another purge is running on this store; waiting up to 1d for it to end...");
        run.Output.ToString().Should().BeEmpty("nothing is read before the lock is taken");
        await held.DisposeAsync();

        (await EndAfterTheReleaseAsync(run)).Should().Be(AuditTrailCommand.Valid, run.Error.ToString());
        run.Output.ToString().Should().Contain("Purged 10 record(s)");
        (await PurgedAsync()).Should().ContainSingle().Which.Metadata.Should().Contain("purged_count", "10");
        (await application.GetAnchorAsync())!.Sequence.Should().Be(10);
    }

    /// <summary>
    /// What the holder did while the command waited is what the command finds: it reads the holds, the cutoff and its plan
    /// only once it holds the lock, so a hold placed meanwhile keeps its record and rows purged meanwhile are not counted twice.
    /// </summary>
    [Fact]
    public async Task Purge_HolderPurgesAndAHoldIsPlacedWhileItWaits_ReadsTheTrailOnlyOnceItHoldsTheLock()
    {
        var records = TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)).ToArray();
        records[6] = records[6] with { TenantId = "held" };
        await _trail.WriteAsync(records);
        await using var application = _trail.OpenStore();
        var held = (await application.TryAcquirePurgeLockAsync())!;

        var run = await StartWaitingAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--wait", "1d");
        (await application.PurgeAsync(Start.AddHours(3), 3)).Should().Be(3, "the holder's batch: rows 1 to 3, then it ends before recording them");
        await using (var services = CliServices.Build(_trail.OpenStore()))
        {
            await services.GetRequiredService<IAuditLegalHolds>().PlaceAsync(new AuditLegalHoldScope { TenantId = "held" }, "Case 2026-17", AuditActor.User("legal", "Legal"));
        }

        await held.DisposeAsync();

        (await EndAfterTheReleaseAsync(run)).Should().Be(AuditTrailCommand.Valid, run.Error.ToString());
        run.Output.ToString().Should().Contain("Recorded as audit.purged").And.Contain("Purged 3 record(s)").And.Contain("rows 4 to 6")
            .And.NotContain("changed meanwhile");
        (await application.GetAsync(records[6].Id)).Should().NotBeNull("the hold placed while the command waited keeps its record");
        (await PurgedAsync()).Should().HaveCount(2, "the holder's rows, recorded as interrupted, and the command's own");
    }

    [Fact]
    public async Task Purge_LockStaysHeld_ExitsTwoAfterTheWait_NamingIt_AndTouchesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        await using var application = _trail.OpenStore();
        await using var held = await application.TryAcquirePurgeLockAsync();

        var run = await StartWaitingAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--wait", "5m");
        _time.Advance(TimeSpan.FromMinutes(5));

        (await EndAfterTheReleaseAsync(run)).Should().Be(AuditTrailCommand.UsageOrConnectionError);
        run.Error.ToString().Should().Contain("Another purge is running on this store").And.Contain("nothing was purged (waited 5m)");
        run.Output.ToString().Should().BeEmpty();
        (await PurgedAsync()).Should().BeEmpty();
        (await application.GetAnchorAsync()).Should().BeNull("nothing went");
    }

    [Fact]
    public async Task Purge_CancelledWhileItWaits_ExitsTwoCancelled_AndTouchesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        await using var application = _trail.OpenStore();
        await using var held = await application.TryAcquirePurgeLockAsync();
        using var cancellation = new CancellationTokenSource();

        var run = await StartWaitingAsync(cancellation.Token, "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--wait", "1h");
        await cancellation.CancelAsync();

        (await run.Exit.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(AuditTrailCommand.UsageOrConnectionError);
        run.Error.ToString().Should().Contain("error: cancelled");
        (await PurgedAsync()).Should().BeEmpty();
        (await application.GetAnchorAsync()).Should().BeNull("nothing went");
    }

    [Fact]
    public async Task ArchivePurge_LockReleasedWhileItWaits_ArchivesPurgesAndRecordsOnce()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        var archive = _trail.PathOf("archive");
        await using var application = _trail.OpenStore();
        var held = (await application.TryAcquirePurgeLockAsync())!;

        var run = await StartWaitingAsync("archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--purge", "--wait", "1d");
        run.Error.ToString().Should().Contain("waiting up to 1d for it to end...");
        await held.DisposeAsync();

        (await EndAfterTheReleaseAsync(run)).Should().Be(AuditTrailCommand.Valid, run.Error.ToString());
        run.Output.ToString().Should().Contain("Archived 10 record(s)").And.Contain("Purged 10 archived record(s)");
        (await PurgedAsync()).Should().ContainSingle().Which.Metadata.Should().Contain("purged_count", "10");
        (await CliRunner.RunAsync("verify-archive", archive, "--sqlite", _trail.Database)).Exit.Should().Be(AuditTrailCommand.Valid);
    }

    [Fact]
    public async Task ArchivePurge_LockStaysHeld_ExitsTwoAfterTheWait_NamingIt_AndArchivesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        var archive = _trail.PathOf("archive");
        await using var application = _trail.OpenStore();
        await using var held = await application.TryAcquirePurgeLockAsync();

        var run = await StartWaitingAsync("archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--purge", "--wait", "5m");
        _time.Advance(TimeSpan.FromMinutes(5));

        (await EndAfterTheReleaseAsync(run)).Should().Be(AuditTrailCommand.UsageOrConnectionError);
        run.Error.ToString().Should().Contain("Another purge is running on this store").And.Contain("nothing was archived or purged (waited 5m)");
        Directory.EnumerateFileSystemEntries(archive).Should().BeEmpty("no segment is written");
        (await PurgedAsync()).Should().BeEmpty();
        (await application.GetAnchorAsync()).Should().BeNull("nothing went");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("5")]
    [InlineData("soon")]
    [InlineData("1.5h")]
    public async Task PurgeAndArchivePurge_BadWait_ExitTwoNamingTheOption(string wait)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));

        var purge = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--wait", wait);
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z", "--purge", "--wait", wait);

        purge.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        purge.Error.Should().Contain($"Option --wait takes a duration such as 90d").And.Contain($"'{wait}' is not one");
        archived.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        archived.Error.Should().Contain($"Option --wait takes a duration such as 90d").And.Contain($"'{wait}' is not one");
        (await PurgedAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task DryRuns_WithWait_ExitTwoNamingTheOptionThatTakesTheLock()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));

        var purge = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--wait", "5m");
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z", "--wait", "5m");

        purge.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        purge.Error.Should().Contain("Option --wait").And.Contain("--execute");
        archived.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        archived.Error.Should().Contain("Option --wait").And.Contain("--purge");
        Directory.Exists(_trail.PathOf("archive")).Should().BeFalse("the command line is refused before anything runs");
    }

    private Task<RunningCli> StartWaitingAsync(params string[] args) => StartWaitingAsync(CancellationToken.None, args);

    /// <summary>Starts the command and returns once it says it waits for the purge lock.</summary>
    private async Task<RunningCli> StartWaitingAsync(CancellationToken cancellationToken, params string[] args)
    {
        var run = CliRunner.Start(_time, cancellationToken, args);
        await Poll.UntilAsync(
            () => run.Error.ToString().Contains("waiting up to", StringComparison.Ordinal) || run.Exit.IsCompleted,
            "the command waits for the purge lock");
        run.Exit.IsCompleted.Should().BeFalse("the command waits: {0}", run.Error.ToString());
        return run;
    }

    /// <summary>
    /// Moves the fake clock on, by the longest interval between two tries at a time, until the command (which tries again
    /// after each interval) has taken the released lock, or seen its wait run out, and ended; bounded by
    /// <see cref="Poll"/>'s deadline. (One advance is not enough: it can land between the command's reading of the time
    /// left and its start of the next pause, which then waits for a later advance.)
    /// </summary>
    private async Task<int> EndAfterTheReleaseAsync(RunningCli run)
    {
        await Poll.UntilAsync(
            () =>
            {
                _time.Advance(PurgeLockWait.LongestInterval);
                return run.Exit.IsCompleted;
            },
            "the command takes the released lock and ends");
        return await run.Exit;
    }

    private async Task<IReadOnlyList<AuditRecord>> PurgedAsync()
    {
        await using var store = _trail.OpenStore();
        return await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10));
    }
}
