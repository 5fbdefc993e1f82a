using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The populated SQLite store's size per event (issue 24): the database file's pages in use (the audit table, its indexes
/// and the activity chart's rollups) and the search index's file beside it, with its share of the whole.
/// </summary>
internal static class StoreSize
{
    private const string Scenario = "size";

    public static async Task ReportAsync(string path, long rows, Report report)
    {
        var database = await UsedBytesAsync(path);
        var search = File.Exists(path + "-fts") ? await UsedBytesAsync(path + "-fts") : 0;
        report.Add(new(Scenario, $"database file per event ({rows} rows; search index apart)", (double)database / rows, "bytes"));
        report.Add(new(Scenario, "search index (trigram FTS5 file) per event", (double)search / rows, "bytes"));
        report.Add(new(Scenario, "search index share of the whole store", 100.0 * search / (database + search), "%"));
    }

    /// <summary>The bytes of a database file's pages in use, after its write-ahead log is folded back in.</summary>
    private static async Task<long> UsedBytesAsync(string path)
    {
        await using var connection = Open(path);
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var pageSize = await connection.ExecuteScalarAsync<long>("PRAGMA page_size");
        var pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
        var free = await connection.ExecuteScalarAsync<long>("PRAGMA freelist_count");
        return (pages - free) * pageSize;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
