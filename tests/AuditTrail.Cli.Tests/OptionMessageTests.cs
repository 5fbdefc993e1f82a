using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>What the library refuses is reported as the option that gave it, not as the library's parameter.</summary>
public sealed class OptionMessageTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

    private Task<(int Exit, string Output, string Error)> HoldAddAsync(params string[] more) =>
        CliRunner.RunAsync(["hold", "add", "--sqlite", _trail.Database, "--reason", "Case 2026-17", .. more]);

    [Theory]
    [InlineData(new[] { "--placed-by", "u-legal" }, "Give at least one of --tenant, --actor, --from or --until")]
    [InlineData(new[] { "--placed-by", "u-legal", "--from", "2026-12-01", "--until", "2026-11-01" }, "Option --from (2026-12-01T00:00:00.0000000+00:00) must be before --until")]
    [InlineData(new[] { "--placed-by", " ", "--actor", "u-1" }, "Option --placed-by takes an id; it must not be blank.")]
    [InlineData(new[] { "--placed-by", "u-legal", "--actor", " " }, "Option --actor takes an id; it must not be blank.")]
    [InlineData(new[] { "--placed-by", "u-legal", "--tenant", "" }, "Option --tenant takes an id; it must not be blank.")]
    public async Task HoldAdd_BadScopeOrActor_NamesTheOption(string[] more, string message)
    {
        await WriteAsync();

        var (exit, _, error) = await HoldAddAsync(more);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(message).And.NotContain("scope.").And.NotContain("placedBy");
    }

    [Fact]
    public async Task HoldAdd_IdTooLong_NamesTheOption()
    {
        await WriteAsync();

        var (exit, _, error) = await HoldAddAsync("--placed-by", "u-legal", "--actor", new string('a', AuditLimits.ActorId + 1));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().StartWith("error: Option --actor:");
    }

    [Fact]
    public async Task BadTable_NamesTheOption()
    {
        await WriteAsync();

        var (exit, _, error) = await CliRunner.RunAsync("stats", "--sqlite", _trail.Database, "--table", "bad-name");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --table: The audit table name 'bad-name' is not valid").And.NotContain("SqliteAuditStoreOptions");
    }

    [Fact]
    public async Task SqliteDirectory_SaysItIsADirectory()
    {
        var (exit, _, error) = await CliRunner.RunAsync("stats", "--sqlite", _trail.PathOf("."));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --sqlite").And.Contain("is a directory");
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_NamesTheFileArgument()
    {
        await WriteAsync();
        var existing = _trail.PathOf("backup.db");
        await File.WriteAllTextAsync(existing, "keep");

        var (exit, _, error) = await CliRunner.RunAsync("backup", existing, "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("the <file> argument").And.Contain("exists already").And.NotContain("destinationPath");
        (await File.ReadAllTextAsync(existing)).Should().Be("keep");
    }

    [Fact]
    public async Task Purge_OlderThanReachingBeforeTheYearOne_NamesTheOption()
    {
        var old = new DateTimeOffset(500, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await _trail.WriteAsync(TestTrail.Hourly(old, 3, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync("purge", "--sqlite", _trail.Database, "--older-than", "365000d");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --older-than").And.Contain("before the year 1").And.NotContain("ArgumentOutOfRange");
    }
}
