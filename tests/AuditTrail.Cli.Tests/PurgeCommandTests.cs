using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail purge</c>: a dry run that deletes nothing, then a purge that keeps the chain verifiable and is audited.</summary>
public sealed class PurgeCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(
        Start, 20, ("user.login", AuditActionType.Security), ("server.updated", AuditActionType.Update)));

    private async Task<long> CountAsync()
    {
        await using var store = _trail.OpenStore();
        return await store.CountAsync(AuditFilter.All);
    }

    [Fact]
    public async Task Purge_WithoutExecute_PrintsWhatWouldGo_AndDeletesNothing()
    {
        await WriteAsync();

        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Dry run: would purge 10 record(s) that occurred before 2026-10-01 10:00:00 UTC")
            .And.Contain("rows 1 to 10, occurred 2026-10-01 00:00:00 UTC to 2026-10-01 09:00:00 UTC")
            .And.Contain("Nothing was deleted");
        output.Should().MatchRegex(@"Security\s+5").And.MatchRegex(@"Update\s+5");
        (await CountAsync()).Should().Be(20);
    }

    [Fact]
    public async Task Purge_Execute_PurgesThePrefix_RecordsThePurge_AndTheChainStillVerifies()
    {
        await WriteAsync();

        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Purged 10 record(s) that occurred before 2026-10-01 10:00:00 UTC")
            .And.Contain("rows 1 to 10")
            .And.Contain("retention anchor at row 10")
            .And.Contain("audit.purged");
        await using (var store = _trail.OpenStore())
        {
            (await store.CountAsync(AuditFilter.All)).Should().Be(11, "10 of 20 went and the purge recorded itself");
            var purged = (await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10))).Should().ContainSingle().Subject;
            purged.Metadata["purged_count"].Should().Be("10");
            purged.Actor.Id.Should().Be("audittrail-cli");
        }

        var (verifyExit, verifyOutput, _) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);
        verifyExit.Should().Be(AuditTrailCommand.Valid);
        verifyOutput.Should().Contain("rows verified: 11").And.Contain("the retention anchor at row 10");
    }

    [Fact]
    public void DescribePurged_FewerWentThanPlanned_SaysSo_AndShowsNotThePlansRowsAsPurged()
    {
        // Two purges at once: each planned rows 1 to 15001, each removed a share of them.
        var plan = new AuditTrail.Cli.Purge.PurgePlan(15_001, 1, 15_001, Start, Start.AddDays(300), [new(AuditActionType.Update, 15_001)]);

        var text = AuditTrail.Cli.Purge.PurgeCommand.DescribePurged(plan, 8_001, Start.AddDays(301));

        text.Should().StartWith("Purged 8001 record(s) that occurred before 2027-07-29 00:00:00 UTC")
            .And.Contain("15001 record(s) were found before the purge (rows 1 to 15001); 8001 went in this run")
            .And.NotMatchRegex(@"Update\s+15001");
    }

    [Fact]
    public async Task Purge_OlderThan_MeasuresFromTheNewestRecord_WhenTheClockIsLater()
    {
        await WriteAsync();

        // The newest record is at 19:00; 5 hours before it is 14:00: rows 1 to 14 occurred earlier.
        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--older-than", "5h");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("would purge 14 record(s) that occurred before 2026-10-01 14:00:00 UTC");
        (await CountAsync()).Should().Be(20);
    }

    [Fact]
    public async Task Purge_NothingOldEnough_SaysSo_AndRecordsNothing()
    {
        await WriteAsync();

        var (exit, output, _) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2020-01-01", "--execute");

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("Purged 0 record(s)").And.Contain("nothing to record").And.NotContain("recorded as audit.purged");
        (await CountAsync()).Should().Be(20);
    }

    [Fact]
    public async Task Purge_UnderALegalHold_StopsBeforeTheFirstHeldRecord_AndSaysSo()
    {
        await WriteAsync();
        var hold = await CliRunner.RunAsync("hold", "add", "--sqlite", _trail.Database, "--reason", "Case 7", "--placed-by", "u-legal",
            "--from", "2026-10-01T04:00:00Z", "--until", "2026-10-01T05:00:00Z");
        hold.Exit.Should().Be(AuditTrailCommand.Valid, hold.Error);

        var (exit, output, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Purged 4 record(s) that occurred before 2026-10-01 04:00:00 UTC")
            .And.Contain("A legal hold moved the cutoff back from 2026-10-01 10:00:00 UTC");
        (await CountAsync()).Should().Be(20 - 4 + 2, "the hold and the purge are recorded");
    }
}
