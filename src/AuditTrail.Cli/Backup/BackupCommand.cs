using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Progress;
using AuditTrail.Cli.Store;
using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Backup;

/// <summary>
/// <c>audittrail backup &lt;file&gt;</c>: an online backup of a SQLite store through SQLite's backup API
/// (<see cref="SqliteAuditStore.BackupAsync"/>), so the copy holds what is still in the write-ahead log, which a copy
/// of the database file alone would lose. PostgreSQL has its own tool for this: <c>pg_dump</c>.
/// </summary>
internal static class BackupCommand
{
    /// <summary>The files SQLite and the search index keep beside a database file, which a backup must not meet.</summary>
    private static readonly string[] BesideFileSuffixes = ["-wal", "-shm", "-journal", "-fts", "-fts-wal", "-fts-shm", "-fts-journal"];

    public static Command Create(CliContext context)
    {
        var command = new Command("backup", "Back up a SQLite store online, WAL included, to a new file (with its search index). Exit 0, 2 usage or connection error.");
        var destination = new Argument<string>("file") { Description = "The backup's database file; it must not exist yet." }.NotBlankPath();
        command.Arguments.Add(destination);
        var store = new StoreOptions(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var connection = store.Read(parseResult);
            if (connection.SqlitePath is null)
            {
                throw new CliUsageException(
                    "backup copies SQLite stores; back up a PostgreSQL store with pg_dump of its whole schema, e.g. pg_dump -Fc --schema <schema> --extension pg_trgm <database>, or with the server's own backups: a dump of single tables leaves out the function that keeps the audit table append-only (and the legal holds and the schema version table unless each is named).");
            }

            var path = parseResult.GetRequiredValue(destination);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliUsageException($"The backup file '{path}' (the <file> argument) exists already; a backup never overwrites: give a new file.");
            }

            if (BesideFileSuffixes.Select(suffix => path + suffix).FirstOrDefault(file => File.Exists(file) || Directory.Exists(file)) is { } beside)
            {
                throw new CliUsageException(
                    $"The backup file '{path}' (the <file> argument) has a file beside it, '{beside}', that the backup would write or SQLite would read with it; a backup never overwrites: give a new file or remove that one.");
            }

            var size = new[] { string.Empty, "-wal" }.Select(suffix => connection.SqlitePath + suffix).Where(File.Exists).Sum(file => new FileInfo(file).Length);
            await using var opened = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sqlite = (SqliteAuditStore)opened.Store;

            // Read before the backup starts: its snapshot is taken later, so it holds this row at least, while the head
            // read after it may be a row an application wrote since.
            var head = await opened.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            await using (context.StartProgress(() => $"backing up {ByteSize.Format(size)} to {path}"))
            {
                try
                {
                    await sqlite.BackupAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or ArgumentException)
                {
                    // The store removed what it had written; the message says which argument to change.
                    throw new CliUsageException($"Could not back up to '{path}' (the <file> argument): {Reason(ex)}; no backup file was left.");
                }
            }

            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Backed up {connection.SqlitePath} to {Path.GetFullPath(path)} ({ByteSize.Format(new FileInfo(path).Length)}), the chain through row {head?.Sequence ?? 0} at least.")).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    private static string Reason(Exception exception) => exception switch
    {
        // SQLite's result codes: SQLITE_FULL, SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN.
        SqliteException { SqliteErrorCode: 13 } => "the disk is full",
        SqliteException { SqliteErrorCode: 8 or 3 } => "the folder or file cannot be written",
        SqliteException { SqliteErrorCode: 14 } => "the file cannot be created there",
        ArgumentException => "the path is not one the backup can write",
        _ => exception.Message.TrimEnd('.'),
    };
}
