using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Search;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The index's passes take the index file's write lock, never the database's: writers go on while a pass runs, passes
/// go on while a writer holds the database, and while another connection holds the index file they fail busy, search
/// stays exact, the status reports the error, and indexing resumes once the lock is released.
/// </summary>
public sealed class SqliteSearchIndexLockTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task IndexFileWriteLocked_UpdateFailsBusy_WritersGoOn_SearchStaysExact_AndIndexingResumes()
    {
        var store = _database.CreateStore(options =>
        {
            options.BusyTimeout = TimeSpan.FromMilliseconds(200);
            options.IndexSearchInBackground = false;
        });
        var first = Some.Record(Some.Time(1)) with { Description = "Kowari first" };
        await store.WriteAsync([first]);
        (await store.UpdateSearchIndexAsync()).Should().Be(1);
        var second = Some.Record(Some.Time(2)) with { Description = "Kowari second" };
        await store.WriteAsync([second]);

        AuditRecord third;
        using (var other = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath))
        {
            using var transaction = other.BeginTransaction(deferred: false);

            // The database's writers do not wait for the index file's lock.
            third = Some.Record(Some.Time(3)) with { Description = "Kowari third" };
            await store.WriteAsync([third]);
            await ShouldFindAsync(store, "third", third);

            // Readers never wait for the write lock: the unindexed rows are read from the audit table.
            await ShouldFindAsync(store, "kowari", first, second, third);
            await ShouldFindAsync(store, "second", second);
            (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(2);
            var update = () => store.UpdateSearchIndexAsync();
            (await update.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: another connection holds the index file's write lock");
            transaction.Rollback();
        }

        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(2, "the failed pass changed nothing");
        (await store.UpdateSearchIndexAsync()).Should().Be(2);
        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await ShouldFindAsync(store, "kowari", first, second, third);
        await ShouldFindAsync(store, "second", second);
    }

    [Fact]
    public async Task IndexFileWriteLocked_BackgroundPassFails_StatusReportsIt_AndTheNextCommitResumesIndexing()
    {
        var time = new FakeTimeProvider();
        var store = _database.Track(new SqliteAuditStore(
            new SqliteAuditStoreOptions { DatabasePath = _database.Path, BusyTimeout = TimeSpan.FromMilliseconds(200) }, time));
        await store.InitializeAsync();
        await WaitUntilIdleAsync(store, time);
        var records = Enumerable.Range(0, 3).Select(i => Some.Record(Some.Time(i)) with { Description = $"Quenda-{i}" }).ToArray();
        await store.WriteAsync(records);

        using (var other = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath))
        {
            // The run started by the commit lingers on the fake clock until the lock is taken.
            using var transaction = other.BeginTransaction(deferred: false);
            var failing = await PollStatusAsync(store, s => Advance(time, s.LastBackgroundError is not null), "a background pass fails on the locked database");
            failing.LastBackgroundError.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(5);
            failing.UnindexedRows.Should().Be(3);
            await ShouldFindAsync(store, "quenda", records);
            transaction.Rollback();
        }

        await WaitUntilIdleAsync(store, time);
        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(3, "a failed run ends; the next commit retries");
        var resumed = Some.Record(Some.Time(10)) with { Description = "Quenda-resumed" };
        await store.WriteAsync([resumed]);

        var status = await PollStatusAsync(store, s => Advance(time, s.UnindexedRows == 0 && s.LastBackgroundError is null), "the next commit's run catches up");
        status.IndexedThroughSequence.Should().Be(4);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"quenda\"'").Should().Be(4);
        await ShouldFindAsync(store, "quenda", [.. records, resumed]);
    }

    [Fact]
    public async Task DatabaseWriteLocked_IndexPassStillRuns_BecauseItWritesOnlyTheIndexFile()
    {
        var store = _database.CreateStore(options =>
        {
            options.BusyTimeout = TimeSpan.FromMilliseconds(200);
            options.IndexSearchInBackground = false;
        });
        var records = Enumerable.Range(0, 5).Select(i => Some.Record(Some.Time(i)) with { Description = $"Ningaui-{i}" }).ToArray();
        await store.WriteAsync(records);

        using (var other = _database.OpenSeparateConnection())
        {
            // Another writer holds the database's write lock, as the store's writer does while it commits a batch.
            using var transaction = other.BeginTransaction(deferred: false);
            (await store.UpdateSearchIndexAsync()).Should().Be(5);
            transaction.Rollback();
        }

        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await ShouldFindAsync(store, "ningaui", records);
    }

    [Fact]
    public async Task StoreDisposed_WhileABackgroundRunLingers_StopsIt_AndIndexesNothingMore()
    {
        var time = new FakeTimeProvider();
        var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = _database.Path }, time);
        await store.InitializeAsync();
        await WaitUntilIdleAsync(store, time);
        await store.WriteAsync([Some.Record(Some.Time(1)) with { Description = "Mulgara" }]);
        store.SearchIndexing.Should().NotBeNull("the commit started a run, which waits on the fake clock");

        await store.DisposeAsync();

        store.SearchIndexing.Should().BeNull();
        time.Advance(SqliteSearchIndexer.RetryDelay);
        var reopened = _database.CreateStore(options => options.IndexSearchInBackground = false);
        (await reopened.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(1, "the stopped run indexed nothing");
        await ShouldFindAsync(reopened, "mulgara", (await reopened.QueryAsync(new AuditStoreQuery(AuditFilter.All, null, 10))).ToArray());
    }

    /// <summary>Moves the fake clock past a linger or retry wait unless <paramref name="done"/>; returns <paramref name="done"/>.</summary>
    private static bool Advance(FakeTimeProvider time, bool done)
    {
        if (!done)
        {
            time.Advance(SqliteSearchIndexer.RetryDelay);
        }

        return done;
    }

    /// <summary>Advances the fake clock until no background run is in progress (bounded).</summary>
    private static async Task WaitUntilIdleAsync(SqliteAuditStore store, FakeTimeProvider time)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (store.SearchIndexing is { } running)
        {
            time.Advance(SqliteSearchIndexer.RetryDelay);
            (DateTime.UtcNow < deadline).Should().BeTrue("the background run ends");
            await Task.WhenAny(running, Task.Delay(20));
        }
    }
}
