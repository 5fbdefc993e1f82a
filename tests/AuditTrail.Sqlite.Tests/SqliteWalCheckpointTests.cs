using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>Runs alone: tests in parallel clear every connection pool, and a connection closed or opened mid-test changes when SQLite checkpoints, restarts or removes a log.</summary>
[CollectionDefinition(nameof(WalFileSizesGroup), DisableParallelization = true)]
public sealed class WalFileSizesGroup;

/// <summary>What <see cref="SqliteAuditStoreOptions.WalCheckpointPages"/> does to the write-ahead log file on disk.</summary>
[Collection(nameof(WalFileSizesGroup))]
public sealed class SqliteWalCheckpointTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// The same 40 batches written with a checkpoint every 50 pages and with none before 1 000 000: the first log is
    /// copied into the database and starts again from its beginning, so its file stays small; the second holds every page.
    /// </summary>
    [Fact]
    public async Task WriteAsync_LogPassingWalCheckpointPages_IsCheckpointedAndReused()
    {
        using var unbounded = new TemporaryDatabase();
        var logSizes = new List<long>();
        foreach (var (database, pages) in new[] { (_database, 50), (unbounded, 1_000_000) })
        {
            var store = database.CreateStore(options =>
            {
                options.WalCheckpointPages = pages;
                options.IndexSearchInBackground = false;
            });
            var largest = 0L;
            for (var batch = 0; batch < 40; batch++)
            {
                await store.WriteAsync([.. Enumerable.Range(batch * 50, 50).Select(i => Some.Record(Some.Time(i)) with { Description = $"Quokka {i} " + new string('x', 500) })]);

                // The largest size the log reached, not its last: SQLite removes the log when the last connection to
                // the file closes.
                var log = new FileInfo(database.Path + "-wal");
                largest = Math.Max(largest, log.Exists ? log.Length : 0);
            }

            database.Scalar<long>("SELECT count(*) FROM audit_events").Should().Be(2_000);
            logSizes.Add(largest);
        }

        var pageSize = _database.Scalar<long>("PRAGMA page_size");
        logSizes[1].Should().BeGreaterThan(4 * logSizes[0], "without checkpoints the log holds all 40 commits");
        logSizes[0].Should().BeLessThan(logSizes[1] / 40 * 4 + (50 * pageSize), "the log restarts once a checkpoint copied it");
    }
}
