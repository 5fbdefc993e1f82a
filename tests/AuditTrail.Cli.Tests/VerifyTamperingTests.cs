using System.Security.Cryptography;
using AuditTrail.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>audittrail verify</c> on the console sample's signed trail after edits that leave rows or checkpoints unreadable:
/// each is a problem found (exit 1) naming the row or checkpoint, never an error; the other reads fail clearly (exit 2).
/// </summary>
public sealed class VerifyTamperingTests : IDisposable
{
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string Checkpoints => _trail.Database + ".checkpoints";

    private string[] VerifyArguments =>
        ["verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", _trail.Database + ".checkpoint-key.pub.pem"];

    private async Task WriteAndEditAsync(string sql)
    {
        await ConsoleSample.WriteAsync(_trail.Database);
        using var connection = new SqliteConnection($"Data Source={_trail.Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_events_append_only; " + sql;
        command.ExecuteNonQuery();
    }

    [Theory]
    [InlineData("UPDATE audit_events SET id = 'not-a-guid' WHERE seq = 7", "ModifiedRow at row 7")]
    [InlineData("UPDATE audit_events SET changes = 'not json' WHERE seq = 7", "ModifiedRow at row 7")]
    [InlineData("UPDATE audit_events SET action_type = 'Bogus' WHERE seq = 7", "ModifiedRow at row 7")]
    [InlineData("UPDATE audit_events SET hash = NULL WHERE seq = 32", "ModifiedRow at row 32")]
    public async Task Verify_RowEditedIntoUnreadableValues_ExitsOneNamingTheRow(string edit, string expected)
    {
        await WriteAndEditAsync(edit);

        var (exit, output, error) = await CliRunner.RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.ProblemFound, error);
        output.Should().Contain("PROBLEM FOUND").And.Contain(expected).And.Contain("starting at row 1");
    }

    [Fact]
    public async Task Export_RowWithAnIdThatIsNotAGuid_ExitsTwoNamingTheRow()
    {
        await WriteAndEditAsync("UPDATE audit_events SET id = 'not-a-guid' WHERE seq = 7");

        var (exit, output, error) = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("out.jsonl"));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output + error);
        error.Should().Contain("sequence 7").And.Contain("altered outside AuditTrail").And.Contain("audittrail verify").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Verify_CheckpointFileNoLongerACheckpoint_ExitsOneNamingIt(string content)
    {
        await ConsoleSample.WriteAsync(_trail.Database);
        var file = Directory.GetFiles(Checkpoints, "*.json").Order(StringComparer.Ordinal).Last();
        await File.WriteAllTextAsync(file, content);

        var (exit, output, error) = await CliRunner.RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.ProblemFound, error);
        output.Should().Contain("BadSignature").And.Contain(Path.GetFileName(file))
            .And.Contain("rows verified: 0 (verification stopped at the checkpoint problem, before reading rows)");
    }

    [Fact]
    public async Task Verify_CheckpointFolderMissing_IsStillAUsageError()
    {
        await ConsoleSample.WriteAsync(_trail.Database);

        var (exit, _, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--checkpoints", _trail.PathOf("none"));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("does not exist");
    }

    [Fact]
    public async Task Verify_WithAnotherPublicKey_SaysNoRowWasRead()
    {
        await ConsoleSample.WriteAsync(_trail.Database);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherKey = _trail.PathOf("other.pub.pem");
        await File.WriteAllTextAsync(otherKey, other.ExportSubjectPublicKeyInfoPem());

        var (exit, output, _) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", otherKey);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("UnknownKey").And.Contain("before reading rows").And.NotContain("the store holds no rows");
    }

    [Fact]
    public async Task Verify_ValidTrailWithoutPurge_StartsAtRowOne()
    {
        await ConsoleSample.WriteAsync(_trail.Database);

        var (exit, output, _) = await CliRunner.RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("rows verified: 32 (up to row 32); starting at row 1").And.NotContain("after the first row");
    }
}
