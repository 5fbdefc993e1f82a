using System.Diagnostics;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>
/// The purge lock of a SQLite file: an OS lock on <c>{database}-purge.lock</c>, which another process sees and which
/// the operating system frees when the holder dies (kill -9), so a killed purge never blocks the next one.
/// </summary>
public sealed class PurgeLockTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task PurgeLock_HeldByAnotherStoreOnTheFile_IsRefused_UntilReleased()
    {
        await using var holder = _database.CreateStore();
        await using var other = _database.CreateStore();

        var held = await holder.TryAcquirePurgeLockAsync();
        held.Should().NotBeNull();
        File.Exists(_database.Path + "-purge.lock").Should().BeTrue();
        (await other.TryAcquirePurgeLockAsync()).Should().BeNull("another purge on the same file holds the lock");

        await held!.DisposeAsync();
        var taken = await other.TryAcquirePurgeLockAsync();
        taken.Should().NotBeNull();
        await taken!.DisposeAsync();
    }

    [FlockFact]
    public async Task PurgeLock_HeldByAnotherProcessThatIsKilled_IsFreeForTheNextPurge()
    {
        await using var store = _database.CreateStore();
        var lockFile = _database.Path + "-purge.lock";
        using var other = Process.Start(new ProcessStartInfo(FlockFactAttribute.Executable, ["--exclusive", "--no-fork", lockFile, "sleep", "300"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!File.Exists(lockFile) || await store.TryAcquirePurgeLockAsync() is { } early && await Release(early))
            {
                other.HasExited.Should().BeFalse("flock holds the lock until it is killed");
                DateTime.UtcNow.Should().BeBefore(deadline, "flock takes the lock within seconds");
                await Task.Delay(10);
            }

            other.Kill(entireProcessTree: true); // SIGKILL: no cleanup runs in the holder
            await other.WaitForExitAsync();

            var taken = await store.TryAcquirePurgeLockAsync();
            taken.Should().NotBeNull("the operating system freed the lock of the killed process");
            await taken!.DisposeAsync();
        }
        finally
        {
            if (!other.HasExited)
            {
                other.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<bool> Release(IAsyncDisposable held)
    {
        await held.DisposeAsync();
        return true;
    }
}
