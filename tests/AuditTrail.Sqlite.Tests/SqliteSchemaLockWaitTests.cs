using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A store opened while another connection or process holds the write lock for longer than the busy timeout (another
/// instance migrating a large table to a newer schema): it waits for the schema transaction instead of failing with
/// "database is locked", and opens once the lock is released.
/// </summary>
public sealed class SqliteSchemaLockWaitTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Open_WhileAnotherConnectionHoldsTheWriteLockPastTheBusyTimeout_WaitsAndThenOpens()
    {
        await _database.CreateStore().WriteAsync(Some.Records(3, i => Some.BaseTime.AddMinutes(i)));
        using var holder = _database.OpenSeparateConnection();
        var migrating = holder.BeginTransaction(deferred: false);

        // A busy timeout of 0 still lets Microsoft.Data.Sqlite retry a busy statement for 1 s (its Default Timeout).
        var store = _database.CreateStore(options => options.BusyTimeout = TimeSpan.Zero);
        var head = store.GetHeadAsync();

        SpinWait.SpinUntil(() => head.IsCompleted, TimeSpan.FromSeconds(3)).Should().BeFalse("the store waits for the lock rather than failing");
        migrating.Rollback();
        migrating.Dispose();

        (await head.WaitAsync(TimeSpan.FromSeconds(30)))!.Sequence.Should().Be(3);
    }
}
