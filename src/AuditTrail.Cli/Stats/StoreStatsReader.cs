using System.Data.Common;
using AuditTrail.Cli.Store;
using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuditTrail.Cli.Stats;

/// <summary>Reads <see cref="StoreStats"/> from an opened SQLite or PostgreSQL store.</summary>
internal static class StoreStatsReader
{
    private static readonly string[] FileSuffixes = [string.Empty, "-wal", "-shm"];

    public static async Task<StoreStats> ReadAsync(StoreConnection connection, OpenedStore opened, int top, string? spoolDirectory, CancellationToken cancellationToken)
    {
        await opened.Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var head = await opened.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var anchor = await opened.Chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        var stats = opened.Store is SqliteAuditStore sqlite
            ? await ReadSqliteAsync(connection, sqlite, top, cancellationToken).ConfigureAwait(false)
            : await ReadPostgresAsync(connection, opened.DataSource!, top, cancellationToken).ConfigureAwait(false);

        // The spool of a SQLite store is beside its file unless the host chose another directory; PostgreSQL's default
        // one is named after the application, which only the host knows.
        var spool = spoolDirectory ?? (connection.SqlitePath is { } file ? Path.GetFullPath(file) + ".spool" : null);
        return stats with
        {
            HeadSequence = head?.Sequence ?? 0,
            AnchorSequence = anchor?.Sequence ?? 0,
            Spool = spool is null ? null : SpoolStats.Read(spool),
        };
    }

    private static async Task<StoreStats> ReadSqliteAsync(StoreConnection connection, SqliteAuditStore store, int top, CancellationToken cancellationToken)
    {
        var database = Path.GetFullPath(connection.SqlitePath!);
        var index = await store.GetSearchIndexStatusAsync(cancellationToken).ConfigureAwait(false);
        var size = new List<StatsCount>();
        foreach (var file in new[] { database, index.FilePath }.SelectMany(path => FileSuffixes.Select(suffix => path + suffix)))
        {
            if (File.Exists(file))
            {
                size.Add(new StatsCount(Path.GetFileName(file), new FileInfo(file).Length));
            }
        }

        var queries = new StatsQueries(
            Quote(connection.TableName),
            "CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1) ELSE action END");
        var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using (reader.ConfigureAwait(false))
        {
            await reader.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadRowsAsync("sqlite", reader, queries, top, size, new SearchIndexStats(index.IndexedThroughSequence, index.LatestSequence), FromMicroseconds, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<StoreStats> ReadPostgresAsync(StoreConnection connection, NpgsqlDataSource dataSource, int top, CancellationToken cancellationToken)
    {
        var table = Quote(connection.SchemaName) + "." + Quote(connection.TableName);
        var searchTable = Quote(connection.SchemaName) + "." + Quote(connection.TableName + "_search_rows");
        var reader = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(
                // A partitioned table has no storage of its own: its size is its partitions' (the tree lists the table itself too).
                $"SELECT coalesce((SELECT sum(pg_total_relation_size(relid))::bigint FROM pg_partition_tree('{table}')), pg_total_relation_size('{table}')), " +
                $"pg_total_relation_size('{searchTable}'), " +
                $"(SELECT coalesce(max(seq), 0) FROM {searchTable}), (SELECT coalesce(max(seq), 0) FROM {table})",
                reader);
            List<StatsCount> size;
            SearchIndexStats index;
            await using (command.ConfigureAwait(false))
            {
                var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (row.ConfigureAwait(false))
                {
                    await row.ReadAsync(cancellationToken).ConfigureAwait(false);
                    size = [new StatsCount(connection.TableName, row.GetInt64(0)), new StatsCount(connection.TableName + "_search_rows", row.GetInt64(1))];
                    index = new SearchIndexStats(row.GetInt64(2), row.GetInt64(3));
                }
            }

            var queries = new StatsQueries(table, "split_part(action, '.', 1)");
            return await ReadRowsAsync("postgres", reader, queries, top, size, index, value => new DateTimeOffset((DateTime)value, TimeSpan.Zero), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<StoreStats> ReadRowsAsync(
        string store, DbConnection connection, StatsQueries queries, int top, IReadOnlyList<StatsCount> size, SearchIndexStats index, Func<object, DateTimeOffset> time, CancellationToken cancellationToken)
    {
        var (rows, oldest, newest) = await queries.ReadTotalsAsync(connection, cancellationToken).ConfigureAwait(false);
        var byType = await queries.ReadByActionTypeAsync(connection, cancellationToken).ConfigureAwait(false);
        var byPrefix = await queries.ReadByActionPrefixAsync(connection, top, cancellationToken).ConfigureAwait(false);
        return new StoreStats(store, rows, size, oldest is null ? null : time(oldest), newest is null ? null : time(newest), 0, 0, byType, byPrefix, index, Spool: null);
    }

    /// <summary>SQLite's times: INTEGER microseconds since the Unix epoch, UTC.</summary>
    private static DateTimeOffset FromMicroseconds(object value) =>
        DateTimeOffset.UnixEpoch.AddTicks(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) * 10);

    /// <summary>A double-quoted identifier; the stores validated the names (letters, digits, underscores).</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
