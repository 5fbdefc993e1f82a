using AuditTrail.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests.Store;

/// <summary>A store a newer AuditTrail migrated: the tool refuses it (exit 2), saying to upgrade the tool, and changes nothing.</summary>
public sealed class NewerSchemaTests : IDisposable
{
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Verify_StoreOfANewerSchemaVersion_ExitsTwoSayingToUpgradeTheTool()
    {
        await _trail.WriteAsync(TestTrail.Hourly(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 3, ("user.login", AuditActionType.Security)));
        await using (var connection = new SqliteConnection($"Data Source={_trail.Database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO audit_trail_schema (table_name, version, description) VALUES ('audit_events', 999, 'from a newer AuditTrail')";
            await command.ExecuteNonQueryAsync();
        }

        var (exit, _, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("schema version 999").And.Contain("audittrail command-line tool");
    }

    [Fact]
    public async Task Verify_StoreWhoseVersionTableWasSetBackByHand_ExitsTwoNamingTheTableAndTheFailedStep()
    {
        await _trail.WriteAsync(TestTrail.Hourly(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 3, ("user.login", AuditActionType.Security)));
        await using (var connection = new SqliteConnection($"Data Source={_trail.Database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM audit_trail_schema WHERE table_name = 'audit_events' AND version > 10";
            await command.ExecuteNonQueryAsync();
        }

        var (exit, _, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("audit table 'audit_events' could not be migrated from schema version 10")
            .And.Contain("the step to version 11").And.Contain("duplicate column name: tombstone")
            .And.NotContain("SqliteException");
    }
}
