using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The search index file (<c>{database}-search</c>): filled after commits, read together with the unindexed tail,
/// never in a writer's way, and rebuilt when it was deleted or no longer belongs to the audit file.
/// </summary>
public sealed class SqliteSearchIndexTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ManualIndexing_RowsAreFoundBeforeAndAfterTheyAreIndexed()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var hits = Enumerable.Range(0, 7).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wombat-{i}" }).ToArray();
        var misses = Some.Records(5, i => Some.Time(100 + i));
        await store.WriteAsync([.. hits.Take(4), .. misses]);
        await store.WriteAsync(hits.Skip(4).ToArray());

        var before = await store.GetSearchIndexStatusAsync();
        before.FilePath.Should().Be(_database.SearchIndexPath);
        before.IndexedThroughSequence.Should().Be(0);
        before.LatestSequence.Should().Be(12);
        before.UnindexedRows.Should().Be(12);
        before.LastBackgroundError.Should().BeNull();
        File.Exists(_database.SearchIndexPath).Should().BeTrue("initialization creates the index file");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(0, "nothing is indexed yet");
        await ShouldFindAsync(store, "WOMBAT", hits);
        await ShouldFindAsync(store, "bat-6", hits[6]);

        (await store.UpdateSearchIndexAsync()).Should().Be(12);

        var after = await store.GetSearchIndexStatusAsync();
        after.IndexedThroughSequence.Should().Be(12);
        after.LatestSequence.Should().Be(12);
        after.UnindexedRows.Should().Be(0);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(12);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"wombat\"'").Should().Be(7);
        _database.IndexScalar<long>("SELECT indexed_through FROM search_state WHERE table_name = 'audit_events'").Should().Be(12);
        await ShouldFindAsync(store, "WOMBAT", hits);
        await ShouldFindAsync(store, "bat-6", hits[6]);

        (await store.UpdateSearchIndexAsync()).Should().Be(0, "every committed row is indexed already");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(12);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task MixedIndexedAndTail_PagesAcrossTheBoundary_AsWhenEverythingIsIndexed(int pageSize)
    {
        // More matches than the store's first candidate chunk (64), on both sides of the index's end; the tail
        // holds rows older than indexed ones (stored later with earlier times) and rows sharing their times.
        var random = new Random(4242);
        AuditRecord Make(int i, int seconds) => Some.Record(Some.Time(seconds)) with
        {
            Description = i % 3 == 0 ? "resized" : $"rebooted Bilby-{i}",
        };

        var indexed = Enumerable.Range(0, 150).Select(i => Make(i, 100 + random.Next(0, 200))).ToArray();
        var tail = Enumerable.Range(150, 120).Select(i => Make(i, random.Next(0, 400))).ToArray();
        tail[1] = tail[1] with { OccurredAt = indexed[1].OccurredAt, RecordedAt = indexed[1].RecordedAt };
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        foreach (var batch in indexed.Chunk(50))
        {
            await store.WriteAsync(batch);
        }

        (await store.UpdateSearchIndexAsync()).Should().Be(150);
        foreach (var batch in tail.Chunk(40))
        {
            await store.WriteAsync(batch);
        }

        var status = await store.GetSearchIndexStatusAsync();
        status.IndexedThroughSequence.Should().Be(150);
        status.UnindexedRows.Should().Be(120);
        var tailHits = tail.Where(record => record.Description != "resized").ToArray();
        tailHits.Should().Contain(record => record.OccurredAt < indexed.Min(i => i.OccurredAt), "the tail must hold matches older than every indexed row");
        tailHits.Should().Contain(record => record.OccurredAt == indexed[1].OccurredAt, "and a match sharing an indexed match's time");

        var expected = indexed.Concat(tail).Where(record => record.Description!.Contains("Bilby", StringComparison.Ordinal)).ToArray();
        var mixed = await PageThroughAsync(store, new AuditFilter { Search = "bilby" }, pageSize);
        mixed.Should().Equal(AuditOrder.NewestFirstIds(expected));
        (await store.CountAsync(new AuditFilter { Search = "bilby" })).Should().Be(expected.Length);
        (await StreamAllAsync(store, new AuditFilter { Search = "bilby" })).Should().Equal(mixed);
        (await PageThroughAsync(store, new AuditFilter { Search = "bilby", ActorIds = ["u1"], From = Some.Time(150) }, pageSize))
            .Should().Equal(AuditOrder.NewestFirstIds(expected.Where(record => record.OccurredAt >= Some.Time(150))), "other filters combine with the search on both sides");

        (await store.UpdateSearchIndexAsync()).Should().Be(120);
        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);

        (await PageThroughAsync(store, new AuditFilter { Search = "bilby" }, pageSize)).Should().Equal(mixed);
        (await store.CountAsync(new AuditFilter { Search = "bilby" })).Should().Be(expected.Length);
        (await StreamAllAsync(store, new AuditFilter { Search = "bilby" })).Should().Equal(mixed);
    }

    [Fact]
    public async Task BackgroundIndexing_CatchesUpAfterWrites()
    {
        var store = _database.CreateStore();
        var records = Enumerable.Range(0, 60).Select(i => Some.Record(Some.Time(i)) with { Description = $"Potoroo-{i}" }).ToArray();
        foreach (var batch in records.Chunk(10))
        {
            await store.WriteAsync(batch);
        }

        var status = await PollStatusAsync(store, s => s.UnindexedRows == 0, "the background indexer catches up");

        status.IndexedThroughSequence.Should().Be(60);
        status.LatestSequence.Should().Be(60);
        status.LastBackgroundError.Should().BeNull();
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(60);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"potoroo\"'").Should().Be(60);
        (await store.UpdateSearchIndexAsync()).Should().Be(0, "the background passes indexed everything");
        await ShouldFindAsync(store, "potoroo", records);
    }

    [Fact]
    public async Task IndexFileLocked_WritersDoNotWait_AndSearchReadsTheTail_WhileIndexingFailsBusy()
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
        using (var other = TemporaryDatabase.OpenSeparateConnection(_database.SearchIndexPath))
        {
            using var transaction = other.BeginTransaction(deferred: false);

            // Would fail after the busy timeout if the write locked the index file too.
            await store.WriteAsync([second]);

            await ShouldFindAsync(store, "kowari", first, second);
            await ShouldFindAsync(store, "second", second);
            (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(1);
            var update = () => store.UpdateSearchIndexAsync();
            (await update.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: another connection holds the index file's write lock");
            transaction.Rollback();
        }

        (await store.UpdateSearchIndexAsync()).Should().Be(1);
        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await ShouldFindAsync(store, "kowari", first, second);
        await ShouldFindAsync(store, "second", second);
    }

    [Fact]
    public async Task IndexFileLocked_BackgroundPassesFail_WritesSucceed_AndIndexingResumesAfterTheLockIsReleased()
    {
        var store = _database.CreateStore(options => options.BusyTimeout = TimeSpan.FromMilliseconds(200));
        await store.InitializeAsync();
        var records = new List<AuditRecord>();

        using (var other = TemporaryDatabase.OpenSeparateConnection(_database.SearchIndexPath))
        {
            using var transaction = other.BeginTransaction(deferred: false);
            for (var i = 0; i < 3; i++)
            {
                var record = Some.Record(Some.Time(i)) with { Description = $"Quenda-{i}" };
                await store.WriteAsync([record]);
                records.Add(record);
            }

            var failing = await PollStatusAsync(store, s => s.LastBackgroundError is not null, "a background pass fails on the locked index file");
            failing.LastBackgroundError.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(5);
            failing.UnindexedRows.Should().Be(3);
            await ShouldFindAsync(store, "quenda", [.. records]);
            transaction.Rollback();
        }

        var resumed = Some.Record(Some.Time(10)) with { Description = "Quenda-resumed" };
        await store.WriteAsync([resumed]);
        records.Add(resumed);

        var status = await PollStatusAsync(store, s => s.UnindexedRows == 0 && s.LastBackgroundError is null, "the indexer catches up once the lock is released");
        status.IndexedThroughSequence.Should().Be(4);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"quenda\"'").Should().Be(4);
        await ShouldFindAsync(store, "quenda", [.. records]);
    }

    [Fact]
    public async Task IndexFileDeleted_WhileNoStoreIsOpen_IsRecreatedAndRebuilt()
    {
        var records = Enumerable.Range(0, 30).Select(i => Some.Record(Some.Time(i)) with { Description = i % 2 == 0 ? $"Dunnart-{i}" : "plain" }).ToArray();
        var hits = records.Where(record => record.Description != "plain").ToArray();
        await using (var first = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await first.WriteAsync(records);
            (await first.UpdateSearchIndexAsync()).Should().Be(30);
            await ShouldFindAsync(first, "dunnart", hits);
        }

        SqliteConnection.ClearAllPools();
        DeleteWithSidecars(_database.SearchIndexPath);

        var second = _database.CreateStore(options => options.IndexSearchInBackground = false);
        await second.InitializeAsync();
        File.Exists(_database.SearchIndexPath).Should().BeTrue("initialization recreates the index file");
        var status = await second.GetSearchIndexStatusAsync();
        status.IndexedThroughSequence.Should().Be(0);
        status.UnindexedRows.Should().Be(30);
        await ShouldFindAsync(second, "dunnart", hits);

        (await second.UpdateSearchIndexAsync()).Should().Be(30);

        (await second.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(30);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"dunnart\"'").Should().Be(hits.Length);
        await ShouldFindAsync(second, "dunnart", hits);
        await ShouldFindAsync(second, "dunnart-28", hits[^1]);
    }

    [Fact]
    public async Task AuditFileReplacedByAnother_TheIndexIsRebuiltFromTheNewFile()
    {
        var aRecords = Enumerable.Range(0, 30).Select(i => Some.Record(Some.Time(i)) with { Description = $"Aardvark-{i}" }).ToArray();
        var bRecords = Enumerable.Range(0, 33).Select(i => Some.Record(Some.Time(i)) with { Description = $"Bandicoot-{i}" }).ToArray();
        await using (var a = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await a.WriteAsync(aRecords);
            (await a.UpdateSearchIndexAsync()).Should().Be(30);
        }

        using var other = new TemporaryDatabase();
        await using (var b = other.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await b.WriteAsync(bRecords);
            (await b.UpdateSearchIndexAsync()).Should().Be(33);
        }

        SqliteConnection.ClearAllPools();
        using (var connection = other.OpenSeparateConnection())
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        DeleteWithSidecars(_database.Path);
        File.Copy(other.Path, _database.Path);
        File.Exists(_database.SearchIndexPath).Should().BeTrue("A's index file stays");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"aardvark\"'").Should().Be(30);

        var replaced = _database.CreateStore(options => options.IndexSearchInBackground = false);
        (await replaced.UpdateSearchIndexAsync()).Should().Be(33, "the whole index is rebuilt from B's rows");

        var status = await replaced.GetSearchIndexStatusAsync();
        status.IndexedThroughSequence.Should().Be(33);
        status.UnindexedRows.Should().Be(0);
        await ShouldFindAsync(replaced, "bandicoot", bRecords);
        await ShouldFindAsync(replaced, "bandicoot-7", bRecords[7]);
        await ShouldFindAsync(replaced, "aardvark");
        await ShouldFindAsync(replaced, "aardvark-7");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"aardvark\"'").Should().Be(0);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"bandicoot\"'").Should().Be(33);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(33);
        _database.IndexExecute("INSERT INTO audit_events_search(audit_events_search) VALUES ('integrity-check')");
    }

    [Fact]
    public async Task IndexFileOfANewerFormat_FailsInitializationNamingTheFileAndTheFormat()
    {
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync([Some.Record()]);
        }

        SqliteConnection.ClearAllPools();
        _database.IndexExecute("PRAGMA user_version = 99");

        var newer = _database.CreateStore();
        var initialize = () => newer.InitializeAsync();

        (await initialize.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain(_database.SearchIndexPath).And.Contain("99");
        _database.IndexScalar<long>("PRAGMA user_version").Should().Be(99, "the file is left as it was");
    }

    [Fact]
    public async Task StoreConfiguredByConnectionString_SearchesAndCreatesTheIndexFileBesideTheDatabase()
    {
        var path = Path.Combine(_database.Directory, "by-connection-string.db");
        var store = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" }));
        var hit = Some.Record(Some.Time(1)) with { Description = "Numbat by connection string" };
        await store.WriteAsync([hit, Some.Record(Some.Time(2))]);

        await ShouldFindAsync(store, "numbat", hit);

        File.Exists(path + "-search").Should().BeTrue();
        await store.UpdateSearchIndexAsync();
        var status = await store.GetSearchIndexStatusAsync();
        status.FilePath.Should().Be(path + "-search");
        status.UnindexedRows.Should().Be(0);
        TemporaryDatabase.Scalar<long>(path + "-search", "SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"numbat\"'").Should().Be(1);
        await ShouldFindAsync(store, "numbat", hit);
        File.Exists(_database.SearchIndexPath).Should().BeFalse("no store used the temporary database's own file");
    }

    [Fact]
    public async Task StoresOnOneFile_WritingConcurrentlyWithBackgroundIndexing_IndexEveryRow()
    {
        // Different connection strings, so different pools: as two processes would be.
        var one = _database.CreateStore();
        var two = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path};Pooling=False" }));
        var ownOne = Enumerable.Range(0, 25).Select(b => Some.Records(8, i => Some.Time((b * 8) + i)).Select(r => r with { Description = "Quokka one" }).ToArray()).ToArray();
        var ownTwo = Enumerable.Range(0, 25).Select(b => Some.Records(8, i => Some.Time(500 + (b * 8) + i)).Select(r => r with { Description = "Quokka two" }).ToArray()).ToArray();
        using var start = new Barrier(2);

        async Task WriteAll(SqliteAuditStore store, AuditRecord[][] batches)
        {
            start.SignalAndWait();
            foreach (var batch in batches)
            {
                await store.WriteAsync(batch);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAll(one, ownOne)), Task.Run(() => WriteAll(two, ownTwo)));
        await two.UpdateSearchIndexAsync();

        var total = ownOne.Length * 8 * 2;
        (await one.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        _database.Scalar<long>("SELECT count(*) FROM audit_events").Should().Be(total);
        // A row indexed twice would replace its own entry (contentless_delete tables upsert by rowid), so the counts
        // show that no row was missed and no entry is extra.
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(total, "each row is indexed once");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"quokka\"'").Should().Be(total);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE rowid BETWEEN 1 AND " + total).Should().Be(total, "the entries are the rows' sequence numbers");
        _database.IndexScalar<long>("SELECT indexed_through FROM search_state WHERE table_name = 'audit_events'").Should().Be(total);
        _database.IndexExecute("INSERT INTO audit_events_search(audit_events_search) VALUES ('integrity-check')");
        (await one.CountAsync(new AuditFilter { Search = "quokka" })).Should().Be(total);
        (await two.CountAsync(new AuditFilter { Search = "QUOKKA TWO" })).Should().Be(total / 2);
        (await one.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "quokka" }, null, AuditStoreQuery.MaxLimit))).Should().HaveCount(total);
    }

    [Fact]
    public async Task TwoTablesInOneFile_HaveTheirOwnIndexesInTheIndexFile_AndIsolatedSearches()
    {
        var left = _database.CreateStore(options =>
        {
            options.TableName = "audit_left";
            options.IndexSearchInBackground = false;
        });
        var right = _database.CreateStore(options =>
        {
            options.TableName = "Audit_Right_2";
            options.IndexSearchInBackground = false;
        });
        var leftHits = Enumerable.Range(0, 3).Select(i => Some.Record(Some.Time(i)) with { Description = $"Dingo left {i}" }).ToArray();
        var rightHits = Enumerable.Range(0, 2).Select(i => Some.Record(Some.Time(i)) with { Description = $"Dingo right {i}" }).ToArray();
        var rightOnly = Some.Record(Some.Time(5)) with { Description = "Emu" };
        await left.WriteAsync(leftHits);
        await right.WriteAsync([.. rightHits, rightOnly]);

        // Only the left table indexed: the right one's rows, with the same sequence numbers, stay its tail.
        (await left.UpdateSearchIndexAsync()).Should().Be(3);
        (await right.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(3);
        await ShouldFindAsync(left, "dingo", leftHits);
        await ShouldFindAsync(right, "dingo", rightHits);
        await ShouldFindAsync(left, "emu");
        await ShouldFindAsync(right, "emu", rightOnly);

        (await right.UpdateSearchIndexAsync()).Should().Be(3);

        _database.IndexScalar<long>("SELECT count(*) FROM sqlite_schema WHERE name IN ('audit_left_search', 'Audit_Right_2_search')").Should().Be(2);
        _database.IndexScalar<long>("SELECT count(*) FROM search_state").Should().Be(2);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_left_search WHERE audit_left_search MATCH '\"dingo\"'").Should().Be(3);
        _database.IndexScalar<long>("SELECT count(*) FROM \"Audit_Right_2_search\" WHERE \"Audit_Right_2_search\" MATCH '\"dingo\"'").Should().Be(2);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_left_search WHERE audit_left_search MATCH '\"emu\"'").Should().Be(0);
        (await left.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        (await right.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await ShouldFindAsync(left, "dingo", leftHits);
        await ShouldFindAsync(right, "dingo", rightHits);
        await ShouldFindAsync(left, "emu");
        await ShouldFindAsync(right, "emu", rightOnly);
    }

    /// <summary>Asserts that a search selects exactly <paramref name="expected"/> through count, pages of 3 and stream.</summary>
    private static async Task ShouldFindAsync(SqliteAuditStore store, string search, params AuditRecord[] expected)
    {
        var filter = new AuditFilter { Search = search };
        var expectedIds = AuditOrder.NewestFirstIds(expected);
        (await store.CountAsync(filter)).Should().Be(expected.Length, $"CountAsync finds '{search}'");
        (await PageThroughAsync(store, filter, 3)).Should().Equal(expectedIds, $"pages of QueryAsync find '{search}'");
        (await store.QueryAsync(new AuditStoreQuery(filter, null, AuditStoreQuery.MaxLimit))).Select(record => record.Id).Should().Equal(expectedIds);
        (await StreamAllAsync(store, filter)).Should().Equal(expectedIds, $"StreamAsync finds '{search}'");
    }

    /// <summary>Every id of a filter, page by page, each page following the last record of the one before.</summary>
    private static async Task<List<Guid>> PageThroughAsync(SqliteAuditStore store, AuditFilter filter, int pageSize)
    {
        var ids = new List<Guid>();
        AuditPosition? after = null;
        while (true)
        {
            var page = await store.QueryAsync(new AuditStoreQuery(filter, after, pageSize));
            page.Count.Should().BeLessThanOrEqualTo(pageSize);
            ids.AddRange(page.Select(record => record.Id));
            if (page.Count < pageSize)
            {
                return ids;
            }

            after = new AuditPosition(page[^1].OccurredAt, page[^1].Id);
        }
    }

    private static async Task<List<Guid>> StreamAllAsync(SqliteAuditStore store, AuditFilter filter)
    {
        var ids = new List<Guid>();
        await foreach (var record in store.StreamAsync(filter))
        {
            ids.Add(record.Id);
        }

        return ids;
    }

    private static async Task<SqliteSearchIndexStatus> PollStatusAsync(SqliteAuditStore store, Func<SqliteSearchIndexStatus, bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = await store.GetSearchIndexStatusAsync();
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}; the latest status was {status}.");
            }

            await Task.Delay(20);
        }
    }

    private static void DeleteWithSidecars(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
