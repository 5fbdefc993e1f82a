using AuditTrail.Delivery.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Delivery.Tests;

/// <summary>Another connection (another process, in real life) holds the write lock longer than the busy timeout.</summary>
public sealed class LockedDatabaseTests : IDisposable
{
    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task LockedDatabase_HeldLongerThanTheBusyTimeout_PolicyApplies_NothingLostOrDuplicated()
    {
        await using var host = await AuditHost.StartAsync(
            _database,
            o =>
            {
                o.MaxWriteAttempts = 2;
                o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);
            },
            sqlite => sqlite.BusyTimeout = TimeSpan.FromMilliseconds(100));
        var before = await host.Logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create });

        using var holder = _database.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var security = new AuditEvent { Id = Guid.CreateVersion7(), Action = AuditActions.PasswordChanged, ActionType = AuditActionType.Security };
        var failClosed = host.Logger.LogAsync(security);
        var failOpen = host.Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update });

        var error = (await FluentActions.Awaiting(() => failClosed).Should().ThrowAsync<AuditWriteException>()).Which;
        error.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: database is locked");
        error.Message.Should().Contain("after 2 attempt(s)", "busy is transient, so it was retried first");
        var spooledId = await failOpen;
        _database.SpoolSegments().Should().ContainSingle("UseSqlite spools beside the database by default")
            .Which.Should().StartWith(_database.SpoolDirectory);
        host.Listener.Failures.Should().Contain(f => f.Kind == AuditFailureKind.Temporary && f.Exception is SqliteException);

        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        var after = await host.Logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete });

        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems();
        stored.Should().NotContain(security.Id!.Value);
        stored.Skip(1).Should().Equal(before, spooledId, after);
        _database.SpoolSegments().Should().BeEmpty();
    }
}
