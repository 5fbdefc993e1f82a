using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;

namespace AuditTrail.Delivery.Tests;

/// <summary>The database file is deleted while the store has it open (a clean-up job, an operator's mistake).</summary>
public sealed class DeletedDatabaseTests : IDisposable
{
    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static AuditEvent Routine() => new() { Action = "server.updated", ActionType = AuditActionType.Update };

    private static AuditEvent Security() => new() { Id = Guid.CreateVersion7(), Action = AuditActions.ApiKeyCreated, ActionType = AuditActionType.Security };

    [Fact]
    public async Task DatabaseFileDeletedWhileOpen_NothingIsAcknowledgedIntoTheDeletedFile_SpooledEventsReachTheNextDatabase()
    {
        Guid before, spooled;
        var security = Security();
        await using (var host = await AuditHost.StartAsync(_database, o => o.RecordLifecycleEvents = false))
        {
            before = await host.Logger.LogAsync(Routine());
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(_database.Path + suffix);
            }

            // SQLite in WAL mode goes on writing into a deleted file: a commit there would be lost with it.
            await FluentActions.Awaiting(() => host.Logger.LogAsync(security)).Should().ThrowAsync<AuditWriteException>()
                .WithMessage("*deleted or moved*");
            spooled = await host.Logger.LogAsync(Routine());
            host.Listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.Spooled && f.EventIds.Contains(spooled));
        }

        await using (var host = await AuditHost.StartAsync(_database, o =>
        {
            o.RecordLifecycleEvents = false;
            o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);
        }))
        {
            await Poll.UntilAsync(() => _database.SpoolSegments().Length == 0, "the next start replays the spool into the new database");
            _database.IdsInCommitOrder().Should().Equal(spooled);
            before.Should().NotBe(spooled);
        }
    }
}
