using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// The purge lock of a SQLite database file: an exclusive OS lock on <c>{database}-purge.lock</c> beside it, held open for
/// the whole purge. Every process on the machine that opens the database sees it, and the operating system releases it
/// when the process dies, so a purge killed outright leaves it free for the next one. The file itself stays.
/// </summary>
internal sealed class SqlitePurgeFileLock(string lockPath) : IAuditPurgeLock
{
    /// <summary>The lock file.</summary>
    public string LockPath { get; } = lockPath;

    /// <summary>The lock of the database a connection string names, or <see langword="null"/> for an in-memory database.</summary>
    public static SqlitePurgeFileLock? For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        return builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : new SqlitePurgeFileLock(Path.GetFullPath(source) + "-purge.lock");
    }

    public Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix, a sharing lock on Windows) that fails at once when held.
            return Task.FromResult<IAsyncDisposable?>(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException ex) when (IsHeld(ex))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }

    /// <summary>Whether the open failed because another handle holds the lock (EWOULDBLOCK on Unix, a sharing or lock violation on Windows).</summary>
    private static bool IsHeld(IOException exception) =>
        exception.GetType() == typeof(IOException)
        && exception.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
