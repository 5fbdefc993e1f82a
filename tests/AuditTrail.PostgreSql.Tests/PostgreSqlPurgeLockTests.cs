using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The purge lock across instances: a session advisory lock on a connection of its own, refused to another instance
/// while held, and freed by the server when the holder's session ends (its process died) without a release.
/// </summary>
public sealed class PostgreSqlPurgeLockTests : SchemaTest
{
    [PostgreSqlFact]
    public async Task PurgeLock_HeldByAnotherInstance_IsRefused_UntilItIsReleased()
    {
        await using var holder = Schema.CreateStore();
        await using var other = Schema.CreateStore();

        var held = await holder.TryAcquirePurgeLockAsync();
        held.Should().NotBeNull();
        (await other.TryAcquirePurgeLockAsync()).Should().BeNull("another instance's purge holds the lock");
        (await holder.TryAcquirePurgeLockAsync()).Should().BeNull("a second purge of the same instance waits its turn too");

        await held!.DisposeAsync();
        var taken = await other.TryAcquirePurgeLockAsync();
        taken.Should().NotBeNull("the lock was released, not left to a pooled session");
        await taken!.DisposeAsync();
    }

    [PostgreSqlFact]
    public async Task PurgeLock_HolderSessionEnds_AsWhenItsProcessDies_IsFreeForTheNextPurge()
    {
        await using var holder = Schema.CreateStore();
        await using var other = Schema.CreateStore();
        var held = await holder.TryAcquirePurgeLockAsync();
        held.Should().NotBeNull();

        // What the server does when the holder's process is killed: it ends the session, and its locks with it.
        var key = $"hashtextextended('audittrail.purge:{holder.Schema}.{holder.TableName}', 0)";
        (await Schema.ScalarAsync<int>(
            $"SELECT count(*)::int FROM (SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = {key}) ended"))
            .Should().Be(1, "one session holds the purge lock");

        IAsyncDisposable? taken = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((taken = await other.TryAcquirePurgeLockAsync()) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        taken.Should().NotBeNull("the server released the lock of the ended session");
        await held!.DisposeAsync(); // its session is gone: releasing it is no error
        await taken!.DisposeAsync();
    }
}
