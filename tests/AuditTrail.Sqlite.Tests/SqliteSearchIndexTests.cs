using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Search;
using AuditTrail.Sqlite.Tests.Support;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The search index inside the database: filled after commits in batches, read together with the unindexed tail, its
/// progress in the status, one index per audit table.
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
        before.FilePath.Should().Be(_database.IndexPath, "the index has a file of its own beside the database");
        before.IndexedThroughSequence.Should().Be(0);
        before.LatestSequence.Should().Be(12);
        before.UnindexedRows.Should().Be(12);
        before.LastBackgroundError.Should().BeNull();
        File.Exists(_database.LegacySearchIndexPath).Should().BeFalse("the index has no file of its own");
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
        _database.IndexScalar<long>("SELECT indexed_through FROM audit_trail_search WHERE table_name = 'audit_events'").Should().Be(12);
        await ShouldFindAsync(store, "WOMBAT", hits);
        await ShouldFindAsync(store, "bat-6", hits[6]);

        (await store.UpdateSearchIndexAsync()).Should().Be(0, "every committed row is indexed already");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(12);
    }

    [Fact]
    public async Task ManualIndexing_MoreRowsThanOnePassTakes_IndexesThemAllInSeveralPasses()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var total = SqliteSearchCatchUp.RowsPerTransaction + 150;
        var records = Enumerable.Range(0, total).Select(i => Some.Record(Some.Time(i)) with { Description = $"Kultarr-{i:D5}" }).ToArray();
        foreach (var batch in records.Chunk(1000))
        {
            await store.WriteAsync(batch);
        }

        (await store.UpdateSearchIndexAsync()).Should().Be(total);

        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"kultarr\"'").Should().Be(total);
        CheckIndexIntegrity(_database);
        await ShouldFindAsync(store, "kultarr-04100", records[4100]);
        (await store.CountAsync(new AuditFilter { Search = "kultarr" })).Should().Be(total);
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
    public async Task StoreConfiguredByConnectionString_SearchesAndIndexesInTheFileBesideTheDatabase()
    {
        var path = Path.Combine(_database.Directory, "by-connection-string.db");
        var store = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" }));
        var hit = Some.Record(Some.Time(1)) with { Description = "Numbat by connection string" };
        await store.WriteAsync([hit, Some.Record(Some.Time(2))]);

        await ShouldFindAsync(store, "numbat", hit);

        await store.UpdateSearchIndexAsync();
        var status = await store.GetSearchIndexStatusAsync();
        status.FilePath.Should().Be(path + "-fts");
        status.UnindexedRows.Should().Be(0);
        TemporaryDatabase.Scalar<long>(path + "-fts", "SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"numbat\"'").Should().Be(1);
        await ShouldFindAsync(store, "numbat", hit);
        File.Exists(path + "-search").Should().BeFalse();
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
        _database.IndexScalar<long>("SELECT indexed_through FROM audit_trail_search WHERE table_name = 'audit_events'").Should().Be(total);
        CheckIndexIntegrity(_database);
        (await one.CountAsync(new AuditFilter { Search = "quokka" })).Should().Be(total);
        (await two.CountAsync(new AuditFilter { Search = "QUOKKA TWO" })).Should().Be(total / 2);
        (await one.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "quokka" }, null, AuditStoreQuery.MaxLimit))).Should().HaveCount(total);
    }

    [Fact]
    public async Task TwoTablesInOneFile_HaveTheirOwnIndexes_AndIsolatedSearches()
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
        _database.IndexScalar<long>("SELECT count(*) FROM audit_trail_search").Should().Be(2);
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
}
