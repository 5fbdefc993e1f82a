using System.Text.Json;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail stats</c> on a SQLite trail: counts, time range, chain, categories, spool and search index.</summary>
public sealed class StatsCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(
        Start, 12, ("user.login", AuditActionType.Security), ("user.logout", AuditActionType.Security), ("server.updated", AuditActionType.Update)));

    [Fact]
    public async Task Stats_Json_ReportsRowsRangeChainCategoriesSpoolAndIndex()
    {
        await WriteAsync();
        var lane = Directory.CreateDirectory(Path.Combine(_trail.Database + ".spool", "lane-0"));
        await File.WriteAllBytesAsync(Path.Combine(lane.FullName, "000000000001.spool"), new byte[300]);

        var (exit, output, error) = await CliRunner.RunAsync("stats", "--sqlite", _trail.Database, "--json", "--top", "1");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("store").GetString().Should().Be("sqlite");
        json.GetProperty("rows").GetInt64().Should().Be(12);
        json.GetProperty("oldest").GetDateTimeOffset().Should().Be(Start);
        json.GetProperty("newest").GetDateTimeOffset().Should().Be(Start.AddHours(11));
        json.GetProperty("headSequence").GetInt64().Should().Be(12);
        json.GetProperty("anchorSequence").GetInt64().Should().Be(0);
        json.GetProperty("byActionType").GetProperty("Security").GetInt64().Should().Be(8);
        json.GetProperty("byActionType").GetProperty("Update").GetInt64().Should().Be(4);
        json.GetProperty("byActionPrefix").EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).Should().Equal(("user", 8L));
        json.GetProperty("size").EnumerateObject().Select(p => p.Name).Should().Contain("audit.db");
        json.GetProperty("sizeBytes").GetInt64().Should().BeGreaterThan(0);
        json.GetProperty("spool").GetProperty("pendingFiles").GetInt64().Should().Be(1);
        json.GetProperty("spool").GetProperty("pendingBytes").GetInt64().Should().Be(300);
        json.GetProperty("searchIndex").GetProperty("latestSequence").GetInt64().Should().Be(12);
        json.GetProperty("searchIndex").GetProperty("unindexedRows").GetInt64()
            .Should().Be(12 - json.GetProperty("searchIndex").GetProperty("indexedThroughSequence").GetInt64());
    }

    [Fact]
    public async Task Stats_Text_IsATableOfTheSameFacts_AndTheIndexCatchesUp()
    {
        await WriteAsync();
        await using (var store = _trail.OpenStore())
        {
            await store.UpdateSearchIndexAsync();
        }

        var (exit, output, error) = await CliRunner.RunAsync("stats", "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("rows              12")
            .And.Contain("oldest            2026-10-01 00:00:00 UTC")
            .And.Contain("newest            2026-10-01 11:00:00 UTC")
            .And.Contain("chain head        row 12")
            .And.Contain("retention anchor  none (nothing purged)")
            .And.Contain("search index      built through row 12 (complete)")
            .And.Contain("spool             none found");
        output.Should().MatchRegex(@"Security\s+8").And.MatchRegex(@"Update\s+4").And.MatchRegex(@"user\s+8").And.MatchRegex(@"server\s+4");
    }

    [Fact]
    public async Task Stats_SpoolDirectoryThatDoesNotExist_ExitsTwoNamingIt()
    {
        await WriteAsync();

        var (exit, _, error) = await CliRunner.RunAsync("stats", "--sqlite", _trail.Database, "--spool", _trail.PathOf("nowhere"));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --spool: the spool directory").And.Contain("nowhere");
    }
}
