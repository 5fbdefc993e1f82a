using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail erase</c>: a dry run that changes nothing, an erasure that keeps the chain verifiable and is recorded, bad arguments.</summary>
public sealed class EraseCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public EraseCommandTests() => File.WriteAllBytes(KeyFile, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    private string KeyFile => _trail.PathOf("pseudonym.key");

    public void Dispose() => _trail.Dispose();

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(Start, 9, ("server.updated", AuditActionType.Update)));

    private async Task<long> CountByActorAsync(string actorId)
    {
        await using var store = _trail.OpenStore();
        return await store.CountAsync(new AuditFilter { ActorIds = [actorId] });
    }

    [Fact]
    public async Task Erase_WithoutExecute_PrintsThePseudonymAndCount_AndChangesNothing()
    {
        await WriteAsync();

        var (exit, output, error) = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", KeyFile);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Dry run: would erase actor 'u-1' on 3 record(s)").And.Contain(AuditPseudonym.Prefix).And.Contain("Nothing was changed");
        (await CountByActorAsync("u-1")).Should().Be(3);
    }

    [Fact]
    public async Task Erase_Execute_ReplacesTheActor_RecordsTheErasure_AndTheChainStillVerifies()
    {
        await WriteAsync();
        var pseudonym = AuditPseudonym.For(File.ReadAllBytes(KeyFile), "u-1");

        var (exit, output, error) = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", KeyFile, "--execute");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain($"3 record(s) rewritten, 3 now carry {pseudonym}").And.Contain(AuditActions.AuditErased);
        (await CountByActorAsync("u-1")).Should().Be(0);
        (await CountByActorAsync(pseudonym)).Should().Be(3);
        var (verifyExit, verifyOutput, verifyError) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);
        verifyExit.Should().Be(AuditTrailCommand.Valid, verifyOutput + verifyError);
    }

    [Fact]
    public async Task Erase_WithoutExecute_UnderALegalHold_SaysTheHoldWouldRefuseIt_AndExitsOneAsExecuteDoes()
    {
        await WriteAsync();
        var held = await CliRunner.RunAsync("hold", "add", "--sqlite", _trail.Database, "--reason", "Case 2026-17", "--placed-by", "u-legal", "--actor", "u-1");
        held.Exit.Should().Be(AuditTrailCommand.Valid, held.Error);

        var (exit, output, error) = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", KeyFile);
        var executed = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", KeyFile, "--execute");

        exit.Should().Be(AuditTrailCommand.ProblemFound, error);
        exit.Should().Be(executed.Exit);
        output.Should().Contain("Dry run").And.Contain("legal hold").And.Contain("Case 2026-17").And.Contain("Nothing was changed")
            .And.NotContain("add --execute to erase");
        (await CountByActorAsync("u-1")).Should().Be(3);
    }

    [Theory]
    [InlineData("erase", "--sqlite", "x.db")]
    [InlineData("erase", "u-1", "--sqlite", "x.db")]
    public async Task Erase_MissingActorOrKey_IsAUsageError(params string[] args)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("error:");
    }

    [Fact]
    public async Task Erase_KeyTooShort_IsAUsageErrorNamingTheKeyFile()
    {
        await WriteAsync();
        File.WriteAllBytes(KeyFile, [1, 2, 3]);

        var (exit, _, error) = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", KeyFile, "--execute");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("pseudonym.key").And.Contain("at least 32");
        (await CountByActorAsync("u-1")).Should().Be(3);
    }

    [Fact]
    public async Task Erase_KeyFileIsADirectory_IsAUsageErrorSayingSo()
    {
        await WriteAsync();
        var folder = _trail.PathOf("keys");
        Directory.CreateDirectory(folder);

        var (exit, _, error) = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", folder, "--execute");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain($"Option --key-file: '{folder}' is a directory").And.NotContain("does not exist");
        (await CountByActorAsync("u-1")).Should().Be(3);
    }

    [Theory]
    [InlineData("", "<actor-id> is empty or blank")]
    [InlineData("   ", "<actor-id> is empty or blank")]
    [InlineData("pseudonym", "is already an erasure pseudonym")]
    public async Task Erase_BlankIdOrAPseudonym_IsAUsageErrorNamingTheArgument(string actorId, string expected)
    {
        await WriteAsync();
        var id = actorId == "pseudonym" ? AuditPseudonym.For(File.ReadAllBytes(KeyFile), "u-1") : actorId;

        var (exit, _, error) = await CliRunner.RunAsync("erase", id, "--sqlite", _trail.Database, "--key-file", KeyFile, "--execute");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(expected).And.NotContain("' '");
        (await CountByActorAsync("u-1")).Should().Be(3);
    }

    [Fact]
    public async Task Erase_AnIdNoRecordNames_SaysSoInTheDryRunAndWhenExecuted_InsteadOfSayingItErased()
    {
        await WriteAsync();

        var dry = await CliRunner.RunAsync("erase", "U-1", "--sqlite", _trail.Database, "--key-file", KeyFile);
        var (exit, output, error) = await CliRunner.RunAsync("erase", "U-1", "--sqlite", _trail.Database, "--key-file", KeyFile, "--execute");

        dry.Exit.Should().Be(AuditTrailCommand.Valid, dry.Error);
        dry.Output.Should().Contain("No record names actor 'U-1'").And.Contain("exactly");
        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("No record names actor 'U-1'").And.Contain("nothing was rewritten").And.Contain(AuditActions.AuditErased)
            .And.NotContain("Erased actor");
        (await CountByActorAsync("u-1")).Should().Be(3, "ids match exactly, so another person's records stay as they are");
    }
}
