using AuditTrail.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail import</c> creates the investigation store it is given, but refuses a file that is something else.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private async Task<string> ArchiveSegmentAsync()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 6, ("user.login", AuditActionType.Security)));
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T04:00:00Z");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        return Directory.GetFiles(_trail.PathOf("archive"), "*.jsonl.gz").Should().ContainSingle().Subject;
    }

    [Fact]
    public async Task Import_IntoAFileThatDoesNotExistYet_CreatesTheStore_WhichVerifies()
    {
        var segment = await ArchiveSegmentAsync();
        var investigation = _trail.PathOf("investigation.db");

        var (exit, output, error) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("4 record(s) added");
        var verified = await CliRunner.RunAsync("verify", "--sqlite", investigation);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Error);
        verified.Output.Should().Contain("rows verified: 4");
    }

    [Fact]
    public async Task Import_IntoAnExistingFileThatHoldsNoStore_ExitsTwoNamingSqlite_AndWritesNothing()
    {
        var segment = await ArchiveSegmentAsync();
        var other = _trail.PathOf("other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(other);

        var (exit, _, error) = await CliRunner.RunAsync("import", segment, "--sqlite", other);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--sqlite").And.Contain("holds no AuditTrail store");
        (await File.ReadAllBytesAsync(other)).Should().Equal(before);
        File.Exists(other + "-fts").Should().BeFalse();
    }
}
