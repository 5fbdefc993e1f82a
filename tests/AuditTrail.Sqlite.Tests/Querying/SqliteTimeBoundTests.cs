using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Sqlite.Tests.Querying;

/// <summary>
/// <c>From</c> (inclusive) and <c>To</c> (exclusive) hold for bounds finer than the stored microsecond: a record is
/// returned exactly when its stored time is at or after <c>From</c> and before <c>To</c>.
/// </summary>
public sealed class SqliteTimeBoundTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Stored = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDatabase _database = new();
    private ServiceProvider _provider = null!;

    private IAuditReader Reader => _provider.GetRequiredService<IAuditReader>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlite(_database.Path);
        _provider = services.BuildServiceProvider();
        await _provider.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("u-mike", "Mike Johnson"),
            OccurredAt = Stored.AddTicks(5),
        });
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 1)]
    [InlineData(0, 0)]
    public async Task CountAsync_ToFinerThanAMicrosecond_TakesInTheRecordsBeforeIt(int ticksAfterStored, long expected)
    {
        var count = await Reader.CountAsync(AuditViewer.Admin("u-john"), new AuditQuery { To = Stored.AddTicks(ticksAfterStored) });

        count.Should().Be(expected, "the record's stored time is {0:O}", Stored);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(5, 0)]
    [InlineData(9, 0)]
    public async Task CountAsync_FromFinerThanAMicrosecond_LeavesOutTheRecordsBeforeIt(int ticksAfterStored, long expected)
    {
        var count = await Reader.CountAsync(AuditViewer.Admin("u-john"), new AuditQuery { From = Stored.AddTicks(ticksAfterStored) });

        count.Should().Be(expected, "the record's stored time is {0:O}", Stored);
    }

    [Fact]
    public async Task QueryAsync_OneTickWindowAtTheStoredTime_FindsTheRecord()
    {
        var record = (await Reader.QueryAsync(AuditViewer.Admin("u-john"), new AuditQuery())).Items.Should().ContainSingle().Subject;

        var page = await Reader.QueryAsync(AuditViewer.Admin("u-john"), new AuditQuery { From = record.OccurredAt, To = record.OccurredAt.AddTicks(1) });

        page.Items.Should().ContainSingle().Which.Id.Should().Be(record.Id);
    }

    [Fact]
    public async Task CountAsync_ToAtTheLatestInstant_CountsEverything()
    {
        var count = await Reader.CountAsync(AuditViewer.Admin("u-john"), new AuditQuery { From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue });

        count.Should().Be(1);
    }
}
