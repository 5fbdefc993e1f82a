using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using static AuditTrail.PostgreSql.Tests.Support.CliRunner;

namespace AuditTrail.PostgreSql.Tests;

/// <summary><c>audittrail erase</c> with <c>--postgres</c>: the chain still verifies and counts the erased rows; queries follow the pseudonym; a legal hold refuses it.</summary>
public sealed class CliEraseTests : SchemaTest
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "audittrail-pg-erase-" + Guid.NewGuid().ToString("N") + ".key");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await File.WriteAllBytesAsync(_keyFile, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_keyFile);
    }

    /// <summary>Six records a minute apart, every other one by <c>u-erase</c>, the rest by <c>u-keep</c>.</summary>
    private Task WriteAsync() => Schema.CreateStore().WriteAsync(
        Some.Records(6, i => Some.Time(60 * i)).Select((record, i) => record with { Actor = AuditActor.User(i % 2 == 0 ? "u-erase" : "u-keep", "Name " + i) }).ToArray());

    private async Task<long> CountByActorAsync(string actorId) =>
        await Schema.CreateStore().CountAsync(new AuditFilter { ActorIds = [actorId] });

    [PostgreSqlFact]
    public async Task Erase_OverPostgres_ThenVerifyPasses_CountingTheErasedRows_AndQueriesFollowThePseudonym()
    {
        await WriteAsync();
        var pseudonym = AuditPseudonym.For(await File.ReadAllBytesAsync(_keyFile), "u-erase");

        var (exit, output, error) = await RunAsync(["erase", "u-erase", .. StoreOf(Schema), "--key-file", _keyFile, "--execute"]);
        var verified = await RunAsync(["verify", .. StoreOf(Schema)]);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain($"3 record(s) rewritten, 3 now carry {pseudonym}").And.Contain(AuditActions.AuditErased);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("VALID").And.Contain("rows verified: 7").And.Contain("erased rows (each covered by its audit.erased record): 3");
        (await CountByActorAsync("u-erase")).Should().Be(0, "the old id finds nothing");
        var history = await Schema.CreateStore().QueryAsync(new AuditStoreQuery(new AuditFilter { ActorIds = [pseudonym] }, null, 10));
        history.Should().HaveCount(3).And.OnlyContain(record => record.Actor.DisplayName == null && record.SourceIp == null && record.UserAgent == null);
        (await CountByActorAsync("u-keep")).Should().Be(3);
    }

    [PostgreSqlFact]
    public async Task Erase_OverPostgres_UnderALegalHold_ExitsOne_NamingTheHold_AndChangesNothing()
    {
        await WriteAsync();
        var hold = await RunAsync(["hold", "add", .. StoreOf(Schema), "--reason", "Case 12", "--placed-by", "u-legal", "--actor", "u-erase"]);
        hold.Exit.Should().Be(AuditTrailCommand.Valid, hold.Error);
        var holdId = hold.Output.Split(' ')[3];

        var (exit, output, error) = await RunAsync(["erase", "u-erase", .. StoreOf(Schema), "--key-file", _keyFile, "--execute"]);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().BeEmpty();
        error.Should().Contain("error:").And.Contain(holdId).And.Contain("hold");
        (await CountByActorAsync("u-erase")).Should().Be(3, "nothing was erased");
        (await RunAsync(["verify", .. StoreOf(Schema)])).Exit.Should().Be(AuditTrailCommand.Valid);
    }
}
