using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The search index file taken away or left behind by another audit file, while a store runs or before it starts.</summary>
public sealed class SqliteSearchIndexRecoveryTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IndexFileDeleted_WhileTheStoreRuns_IsRecreatedAndSearchKeepsWorking(bool background)
    {
        var store = _database.CreateStore(o => o.IndexSearchInBackground = background);
        await store.WriteAsync([Some.Record(Some.Time(1)) with { Description = "Wallaby" }]);
        await store.UpdateSearchIndexAsync();
        (await store.CountAsync(new AuditFilter { Search = "wallaby" })).Should().Be(1);

        foreach (var f in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database.SearchIndexPath + f);
        }

        // A new read-only search connection (as under concurrent searches): clear only the read-only pool.
        var ro = new SqliteConnectionStringBuilder(store.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        SqliteConnection.ClearPool(new SqliteConnection(ro));

        (await store.CountAsync(new AuditFilter { Search = "wallaby" })).Should().Be(1, "the row is searched with LIKE until it is indexed again");
        await store.WriteAsync([Some.Record(Some.Time(2)) with { Description = "Wallaby two" }]);
        await store.UpdateSearchIndexAsync();
        File.Exists(_database.SearchIndexPath).Should().BeTrue("the indexer writes into a new file, not the deleted one");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"wallaby\"'").Should().Be(2);
        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        (await store.CountAsync(new AuditFilter { Search = "wallaby" })).Should().Be(2);
    }

    [Fact]
    public async Task AuditFileReplaced_SearchBeforeTheIndexIsRebuilt_IgnoresTheStaleIndex()
    {
        var aRecords = Enumerable.Range(0, 30).Select(i => Some.Record(Some.Time(i)) with { Description = $"Aardvark-{i}" }).ToArray();
        var bRecords = Enumerable.Range(0, 33).Select(i => Some.Record(Some.Time(i)) with { Description = $"Bandicoot-{i}" }).ToArray();
        await using (var a = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await a.WriteAsync(aRecords);
            await a.UpdateSearchIndexAsync();
        }

        using var other = new TemporaryDatabase();
        await using (var b = other.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await b.WriteAsync(bRecords);
        }

        SqliteConnection.ClearAllPools();
        TemporaryDatabase.Execute(other.Path, "PRAGMA wal_checkpoint(TRUNCATE)");
        foreach (var f in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database.Path + f);
        }

        File.Copy(other.Path, _database.Path);

        var replaced = _database.CreateStore(options => options.IndexSearchInBackground = false);
        await replaced.InitializeAsync();
        (await replaced.GetSearchIndexStatusAsync()).IndexedThroughSequence.Should().Be(30, "no pass ran yet: the index file still describes the old file");
        (await replaced.CountAsync(new AuditFilter { Search = "bandicoot" })).Should().Be(33);
        (await replaced.CountAsync(new AuditFilter { Search = "aardvark" })).Should().Be(0);
        var page = await replaced.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "bandicoot" }, null, 50));
        page.Select(record => record.Id).Should().BeEquivalentTo(bRecords.Select(record => record.Id));
    }
}
