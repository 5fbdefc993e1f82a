using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>export --out</c> never replaces the store it reads, nor a file SQLite or the search index keeps beside it, even with <c>--force</c>.</summary>
public sealed class ExportStoreFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("-wal")]
    [InlineData("-fts")]
    public async Task Export_OutIsTheStoreOrAFileBesideIt_WithForce_ExitsTwoNamingOut_AndTheTrailStaysReadable(string suffix)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 5, ("user.login", AuditActionType.Security)));
        var target = _trail.Database + suffix;
        var before = File.Exists(target) ? await File.ReadAllBytesAsync(target) : [];

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "csv", "--out", target, "--force");
        var kept = File.Exists(target) ? await File.ReadAllBytesAsync(target) : [];
        var after = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("check.jsonl"));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--out").And.Contain("--sqlite").And.NotContain("   at ");
        kept.Should().Equal(before, "the store's own file is never replaced");
        after.Exit.Should().Be(AuditTrailCommand.Valid, after.Error);
        after.Output.Should().Contain("Exported 5 record(s)");
    }

    [Fact]
    public async Task Export_OutIsTheStoreThroughAnotherPath_ExitsTwo_AndTheStoreIsKept()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var roundabout = Path.Combine(_trail.PathOf("."), "sub", "..", Path.GetFileName(_trail.Database));
        Directory.CreateDirectory(_trail.PathOf("sub"));
        var before = await File.ReadAllBytesAsync(_trail.Database);

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "csv", "--out", roundabout, "--force");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--out");
        (await File.ReadAllBytesAsync(_trail.Database)).Should().Equal(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-journal")]
    public async Task Export_OutIsAStoreFileThroughALinkedFolderHigherUp_WithForce_ExitsTwo_AndTheStoreIsKept(string suffix)
    {
        // A symbolic link to the store's parent folder, so that the folder of --out is no link itself, only an ancestor.
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var folder = Path.GetDirectoryName(Path.GetFullPath(_trail.Database))!;
        Directory.CreateSymbolicLink(_trail.PathOf("up"), Path.GetDirectoryName(folder)!);
        var linked = Path.Combine(_trail.PathOf("up"), Path.GetFileName(folder), Path.GetFileName(_trail.Database) + suffix);
        var before = await File.ReadAllBytesAsync(_trail.Database);

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "csv", "--out", linked, "--force");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--out").And.Contain("--sqlite");
        (await File.ReadAllBytesAsync(_trail.Database)).Should().Equal(before, "the store is never replaced");
        File.Exists(_trail.Database + "-journal").Should().BeFalse("no file SQLite would read as the store's journal is written");
    }

    [Theory]
    [InlineData("--user", "")]
    [InlineData("--user", "x")]
    public async Task Export_UserTheReaderRefuses_ExitsTwoNamingUser_NotTheQueryProperty(string option, string value)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 2, ("user.login", AuditActionType.Security)));
        var text = value == "x" ? new string('x', 300) : value;

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "csv", "--out", _trail.PathOf("u.csv"), option, text);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(option).And.NotContain("query.").And.NotContain("(Parameter");
        File.Exists(_trail.PathOf("u.csv")).Should().BeFalse();
    }

    [Fact]
    public async Task Export_EmptyOut_ExitsTwoNamingOut_WithoutAnExceptionName()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 2, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", "");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--out").And.NotContain("ArgumentException").And.NotContain("(Parameter");
    }
}
