using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// What a store does with its database as it is disposed: copies the write-ahead log into the database file and
/// empties it, then closes the store's idle pooled connections, so that after a clean shutdown the database file alone
/// holds every committed record (a copy of it needs no <c>-wal</c> file). Another process that still has the file
/// open keeps its own log; its last connection to close checkpoints it.
/// </summary>
internal static class SqliteCloseCheckpoint
{
    /// <summary>How long the checkpoint waits for another connection's transaction before it gives up (the log then stays, intact).</summary>
    private const int BusyTimeoutMilliseconds = 1_000;

    public static void Run(string connectionString)
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            SqliteTruncateCheckpoint.Run(connection, BusyTimeoutMilliseconds);

            SqliteConnection.ClearPool(connection);
        }
        catch (SqliteException)
        {
            // Busy or read-only: the log stays beside the database, as after a crash, and nothing is lost.
        }
    }
}
