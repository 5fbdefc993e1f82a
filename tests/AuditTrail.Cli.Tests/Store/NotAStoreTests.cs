using AuditTrail.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests.Store;

/// <summary>
/// Every command that reads or changes an existing store refuses a file, or a table, that holds no store: exit 2 naming
/// <c>--sqlite</c> or <c>--table</c>, and nothing written into the file (no audit tables, no search index file beside it).
/// </summary>
public sealed class NotAStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public NotAStoreTests() => File.WriteAllBytes(_trail.PathOf("pseudonym.key"), [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    public void Dispose() => _trail.Dispose();

    /// <summary>Each command's arguments after its store options; <c>{dir}</c> is the test's folder.</summary>
    public static TheoryData<string, string[]> Commands()
    {
        string[][] commands =
        [
            ["verify"],
            ["stats"],
            ["export", "--format", "csv", "--out", "{dir}/out.csv"],
            ["hold", "list"],
            ["hold", "add", "--reason", "Case 1", "--placed-by", "u-legal", "--actor", "u-1"],
            ["hold", "release", Guid.Empty.ToString(), "--released-by", "u-legal"],
            ["purge", "--older-than", "1d"],
            ["purge", "--older-than", "1d", "--execute"],
            ["erase", "u-1", "--key-file", "{dir}/pseudonym.key"],
            ["erase", "u-1", "--key-file", "{dir}/pseudonym.key", "--execute"],
            ["archive", "--dir", "{dir}/archive", "--older-than", "1d"],
            ["backup", "{dir}/backup.db"],
            ["verify-archive", "{dir}/archive"],
        ];
        var data = new TheoryData<string, string[]>();
        foreach (var kind in new[] { "empty", "other", "text", "typo" })
        {
            foreach (var command in commands)
            {
                data.Add(kind, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_OnAFileOrTableThatHoldsNoStore_ExitsTwoNamingTheOption_AndWritesNothing(string kind, string[] command)
    {
        var (database, table, option) = await PrepareAsync(kind);
        Directory.CreateDirectory(_trail.PathOf("archive"));
        var before = await File.ReadAllBytesAsync(database);
        string[] store = table is null ? ["--sqlite", database] : ["--sqlite", database, "--table", table];
        var searchIndexBefore = File.Exists(database + "-fts");
        var args = command.Select(arg => arg.Replace("{dir}", _trail.PathOf(string.Empty), StringComparison.Ordinal));

        var (exit, output, error) = await CliRunner.RunAsync([.. args, .. store]);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output + error);
        error.Should().Contain(option).And.NotContain("   at ");
        output.Should().NotContain("VALID");
        (await File.ReadAllBytesAsync(database)).Should().Equal(before, "nothing may be written into a file that holds no store");
        File.Exists(database + "-fts").Should().Be(searchIndexBefore);
        File.Exists(_trail.PathOf("backup.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Verify_WithATypoInTable_CreatesNoTableInTheProductionDatabase()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var (exit, output, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--table", "audit_evnts");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output);
        error.Should().Contain("--table").And.Contain("audit_evnts").And.Contain("audit_events");
        (await TableNamesAsync(_trail.Database)).Should().NotContain(name => name.StartsWith("audit_evnts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_WithAnInvalidTableName_ExitsTwoNamingTable()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--table", "audit-events");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().StartWith("error: Option --table:").And.Contain("'audit-events' is not valid");
    }

    [Fact]
    public async Task Verify_OnAStore_StillPasses()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var (exit, output, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("rows verified: 3");
    }

    /// <summary>The file (and table) of the case, and the option the refusal must name.</summary>
    private async Task<(string Database, string? Table, string Option)> PrepareAsync(string kind)
    {
        switch (kind)
        {
            case "empty":
                var empty = _trail.PathOf("empty.db");
                await File.WriteAllBytesAsync(empty, []);
                return (empty, null, "--sqlite");
            case "other":
                var other = _trail.PathOf("other.db");
                await ExecuteAsync(other, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
                return (other, null, "--sqlite");
            case "text":
                var text = _trail.PathOf("notes.db");
                await File.WriteAllTextAsync(text, "not a database, only some notes that are long enough to look like a header page");
                return (text, null, "--sqlite");
            default:
                await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
                SqliteConnection.ClearAllPools();
                return (_trail.Database, "audit_evnts", "--table");
        }
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TableNamesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
