using AuditTrail.Sqlite.Search;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Backup;

/// <summary>
/// Copies a trail, the database file and its search index file, through SQLite's online backup API: each copy is a
/// consistent snapshot of its file, taken while other connections read and write it. The index is copied first, so
/// that the copy's index is never ahead of its database (a copy whose index lags is filled up by the store; one
/// whose index is missing or belongs to another copy is rebuilt).
/// </summary>
internal static class SqliteTrailCopy
{
    /// <summary>The file name suffixes of a database (or index) file and its WAL companions.</summary>
    private static readonly string[] IndexSuffixes = [string.Empty, "-wal", "-shm"];

    /// <summary>
    /// The first of the files a copy onto <paramref name="destinationFile"/> would write, or that SQLite would read with
    /// it (the database, its index file, and the WAL companions of each), that exists already; <see langword="null"/> when none does.
    /// </summary>
    public static string? FindExistingFile(string destinationFile)
    {
        var index = SqliteSearchSchema.FilePath(destinationFile);
        return IndexSuffixes.Select(suffix => destinationFile + suffix)
            .Concat(IndexSuffixes.Select(suffix => index + suffix))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Copies <paramref name="sourceFile"/> and its index file onto <paramref name="destinationFile"/> and its index file.</summary>
    public static Task CopyAsync(string sourceFile, string destinationFile, TimeSpan busyTimeout, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                var sourceIndex = SqliteSearchSchema.FilePath(sourceFile);
                var destinationIndex = SqliteSearchSchema.FilePath(destinationFile);
                if (File.Exists(sourceIndex))
                {
                    Copy(sourceIndex, destinationIndex, busyTimeout);
                }
                else
                {
                    // A stale index beside the destination would be found stale and emptied anyway; remove it now.
                    foreach (var suffix in IndexSuffixes)
                    {
                        File.Delete(destinationIndex + suffix);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                Copy(sourceFile, destinationFile, busyTimeout);
            },
            cancellationToken);

    private static void Copy(string source, string destination, TimeSpan busyTimeout)
    {
        using var from = Open(source, SqliteOpenMode.ReadWrite, busyTimeout);
        using var to = Open(destination, SqliteOpenMode.ReadWriteCreate, busyTimeout);
        from.BackupDatabase(to);
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {(int)Math.Min(int.MaxValue, busyTimeout.TotalMilliseconds)}";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
