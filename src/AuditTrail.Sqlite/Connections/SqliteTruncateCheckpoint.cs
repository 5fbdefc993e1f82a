using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// A <c>TRUNCATE</c> checkpoint on an open connection: copies the write-ahead log into the database file, waits (at most
/// the busy timeout given) for readers of older snapshots, and cuts the log to nothing. Used at a store's disposal
/// (<see cref="SqliteCloseCheckpoint"/>) and when readers let the log grow (<see cref="SqliteWalRestart"/>).
/// </summary>
internal static class SqliteTruncateCheckpoint
{
    /// <summary>Runs the checkpoint; whether it completed (SQLite's busy flag clear). A <see cref="SqliteException"/> (busy past the wait, a read-only file) is the caller's.</summary>
    public static bool Run(SqliteConnection connection, int busyTimeoutMilliseconds)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        do
        {
            // wal_checkpoint answers (busy, log frames, frames checkpointed); busy = 1 when it gave up waiting.
            if (reader.Read() && reader.FieldCount == 3)
            {
                return reader.GetInt64(0) == 0;
            }
        }
        while (reader.NextResult());

        return false;
    }
}
