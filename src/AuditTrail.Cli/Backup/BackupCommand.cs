using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Progress;
using AuditTrail.Cli.Store;
using AuditTrail.Sqlite;

namespace AuditTrail.Cli.Backup;

/// <summary>
/// <c>audittrail backup &lt;file&gt;</c>: an online backup of a SQLite store through SQLite's backup API
/// (<see cref="SqliteAuditStore.BackupAsync"/>), so the copy holds what is still in the write-ahead log, which a copy
/// of the database file alone would lose. PostgreSQL has its own tool for this: <c>pg_dump</c>.
/// </summary>
internal static class BackupCommand
{
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
                    "backup copies SQLite stores; back up a PostgreSQL store with pg_dump, e.g. pg_dump --table <schema>.<table> --table <schema>.<table>_search_rows --table <schema>.audit_trail_chain, or with the server's own backups.");
            }

            var path = parseResult.GetRequiredValue(destination);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliUsageException($"The backup file '{path}' (the <file> argument) exists already; a backup never overwrites: give a new file.");
            }

            var size = new[] { string.Empty, "-wal" }.Select(suffix => connection.SqlitePath + suffix).Where(File.Exists).Sum(file => new FileInfo(file).Length);
            await using var opened = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sqlite = (SqliteAuditStore)opened.Store;

            // Read before the backup starts: its snapshot is taken later, so it holds this row at least, while the head
            // read after it may be a row an application wrote since.
            var head = await opened.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            await using (context.StartProgress(() => $"backing up {ByteSize.Format(size)} to {path}"))
            {
                await sqlite.BackupAsync(path, cancellationToken).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Backed up {connection.SqlitePath} to {Path.GetFullPath(path)} ({ByteSize.Format(new FileInfo(path).Length)}), the chain through row {head?.Sequence ?? 0} at least.")).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }
}
