using AuditTrail.Sqlite.Search;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite.Backup;

/// <summary>
/// Copies a trail, the database file and its search index file, through SQLite's online backup API: each copy is a
/// consistent snapshot of its file, taken while other connections read and write it. The index is copied first, so
/// that the copy's index is never ahead of its database (a copy whose index lags is filled up by the store; one
/// whose index is missing or belongs to another copy is rebuilt).
/// </summary>
/// <remarks>
/// Each file is copied in steps of <see cref="PagesPerStep"/> pages, with the cancellation token checked between
/// steps, so a large trail stops soon after it is cancelled. The source connection holds one read transaction over
/// every step: the copy is the snapshot taken at the first step, and other connections' writes meanwhile neither
/// restart it nor reach it. Until the last step the destination's own transaction is open, so a copy stopped part
/// way leaves the destination as it was before (SQLite rolls the unfinished steps back).
/// </remarks>
internal static class SqliteTrailCopy
{
    /// <summary>Pages copied per step (4 MiB with the default 4 KiB page).</summary>
    public const int PagesPerStep = 1024;

    /// <summary>The file name suffixes of a database (or index) file and the files SQLite keeps beside it.</summary>
    private static readonly string[] FileSuffixes = [string.Empty, "-wal", "-shm", "-journal"];

    /// <summary>
    /// The first of the files a copy onto <paramref name="destinationFile"/> would write, or that SQLite would read with
    /// it (the database, its index file, and the WAL and journal companions of each), that exists already; <see langword="null"/> when none does.
    /// </summary>
    public static string? FindExistingFile(string destinationFile) => FilesOf(destinationFile).FirstOrDefault(File.Exists);

    /// <summary>Deletes the files a copy onto <paramref name="destinationFile"/> writes (for a copy that did not finish); a file that cannot be deleted is left.</summary>
    public static void DeleteFiles(string destinationFile)
    {
        foreach (var file in FilesOf(destinationFile))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left behind; the next backup names it.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    /// <summary>Copies <paramref name="sourceFile"/> and its index file onto <paramref name="destinationFile"/> and its index file.</summary>
    /// <param name="sourceFile">The database file to copy.</param>
    /// <param name="destinationFile">The database file to write.</param>
    /// <param name="busyTimeout">How long each connection waits for a lock.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <param name="pagesPerStep">Pages per step of the backup API.</param>
    /// <param name="stepped">Called after every step that did not finish its file (tests stop a copy part way with it).</param>
    public static Task CopyAsync(
        string sourceFile,
        string destinationFile,
        TimeSpan busyTimeout,
        CancellationToken cancellationToken,
        int pagesPerStep = PagesPerStep,
        Action? stepped = null) =>
        Task.Run(
            () =>
            {
                var sourceIndex = SqliteSearchSchema.FilePath(sourceFile);
                var destinationIndex = SqliteSearchSchema.FilePath(destinationFile);
                if (File.Exists(sourceIndex))
                {
                    Copy(sourceIndex, destinationIndex, busyTimeout, pagesPerStep, stepped, cancellationToken);
                }
                else
                {
                    // A stale index beside the destination would be found stale and emptied anyway; remove it now.
                    foreach (var suffix in FileSuffixes)
                    {
                        File.Delete(destinationIndex + suffix);
                    }
                }

                Copy(sourceFile, destinationFile, busyTimeout, pagesPerStep, stepped, cancellationToken);
            },
            cancellationToken);

    private static void Copy(string source, string destination, TimeSpan busyTimeout, int pagesPerStep, Action? stepped, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var from = Open(source, SqliteOpenMode.ReadWrite, busyTimeout);
        using var to = Open(destination, SqliteOpenMode.ReadWriteCreate, busyTimeout);

        // One read transaction for every step: the snapshot of the first step, which writes by others do not restart.
        using var snapshot = from.BeginTransaction(deferred: true);
        using (var read = from.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT count(*) FROM sqlite_schema";
            read.ExecuteScalar();
        }

        var backup = raw.sqlite3_backup_init(to.Handle, "main", from.Handle, "main");
        if (backup is null || backup.IsInvalid)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_errcode(to.Handle), to.Handle);
        }

        int result;
        try
        {
            while ((result = raw.sqlite3_backup_step(backup, pagesPerStep)) == raw.SQLITE_OK)
            {
                stepped?.Invoke();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Finishing before the last step rolls the destination's transaction back.
            raw.sqlite3_backup_finish(backup);
        }

        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, to.Handle);
        }
    }

    private static IEnumerable<string> FilesOf(string destinationFile)
    {
        var index = SqliteSearchSchema.FilePath(destinationFile);
        return FileSuffixes.Select(suffix => destinationFile + suffix).Concat(FileSuffixes.Select(suffix => index + suffix));
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
