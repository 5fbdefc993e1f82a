using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail hold list|add|release</c> end to end on a SQLite file: holds kept, and placing and releasing audited.</summary>
public sealed class HoldCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private async Task<IReadOnlyList<AuditRecord>> HoldEventsAsync()
    {
        await using var store = _trail.OpenStore();
        return await store.StreamAsync(new AuditFilter { Actions = [AuditActions.HoldPlaced, AuditActions.HoldReleased] }).ToListAsync();
    }

    [Fact]
    public async Task AddListRelease_KeepTheHold_AndRecordBothEvents()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var added = await CliRunner.RunAsync("hold", "add", "--sqlite", _trail.Database, "--reason", "Case 2026-17", "--placed-by", "u-legal", "--actor", "u-1", "--from", "2026-09-01T00:00:00Z");
        var listed = await CliRunner.RunAsync("hold", "list", "--sqlite", _trail.Database);
        var id = added.Output.Split(' ')[3];
        var released = await CliRunner.RunAsync("hold", "release", id, "--sqlite", _trail.Database, "--released-by", "u-legal");
        var again = await CliRunner.RunAsync("hold", "release", id, "--sqlite", _trail.Database, "--released-by", "u-legal");
        var active = await CliRunner.RunAsync("hold", "list", "--sqlite", _trail.Database);
        var all = await CliRunner.RunAsync("hold", "list", "--sqlite", _trail.Database, "--all");

        added.Exit.Should().Be(AuditTrailCommand.Valid, added.Error);
        added.Output.Should().Contain("Placed legal hold").And.Contain("actor u-1, from 2026-09-01 00:00:00 UTC").And.Contain(AuditActions.HoldPlaced);
        listed.Output.Should().Contain("1 legal hold(s)").And.Contain(id + "  active").And.Contain("reason: Case 2026-17");
        released.Output.Should().Contain($"Released legal hold {id}");
        again.Output.Should().Contain("was already released by u-legal");
        active.Output.Should().Contain("0 legal hold(s)");
        all.Output.Should().Contain(id + "  released");
        (await HoldEventsAsync()).Select(r => (r.Action, r.Actor.Id)).Should().BeEquivalentTo([(AuditActions.HoldPlaced, "u-legal"), (AuditActions.HoldReleased, "u-legal")]);
    }

    [Fact]
    public async Task BadArguments_ExitTwo_WithTheReason()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 1, ("user.login", AuditActionType.Security)));

        var noReason = await CliRunner.RunAsync("hold", "add", "--sqlite", _trail.Database, "--placed-by", "u-legal", "--tenant", "t1");
        var noScope = await CliRunner.RunAsync("hold", "add", "--sqlite", _trail.Database, "--reason", "r", "--placed-by", "u-legal");
        var unknown = await CliRunner.RunAsync("hold", "release", Guid.NewGuid().ToString(), "--sqlite", _trail.Database, "--released-by", "u-legal");
        var notAGuid = await CliRunner.RunAsync("hold", "release", "abc", "--sqlite", _trail.Database, "--released-by", "u-legal");

        new[] { noReason.Exit, noScope.Exit, unknown.Exit, notAGuid.Exit }.Should().AllBeEquivalentTo(AuditTrailCommand.UsageOrConnectionError);
        noReason.Error.Should().Contain("--reason");
        noScope.Error.Should().Contain("--tenant, --actor, --from or --until");
        unknown.Error.Should().Contain("No legal hold has the id");
    }

    [Fact]
    public async Task Help_PrintsTheSubcommands_AndExitsZero()
    {
        var (exit, output, _) = await CliRunner.RunAsync("hold", "--help");

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("list").And.Contain("add").And.Contain("release");
    }
}
