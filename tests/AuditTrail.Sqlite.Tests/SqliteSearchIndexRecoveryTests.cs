using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The index after a crash, and files left by older versions: the index and how far it is commit together in the index
/// file, which records the chain hash of the last row it indexed, so whatever state the files are found in (the index
/// behind, missing, or of another copy of the database), search is exact and the index catches up from there.
/// </summary>
public sealed class SqliteSearchIndexRecoveryTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task CrashImage_TakenWhileTheIndexLags_SearchesVerifiesAndCatchesUp()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var indexed = Enumerable.Range(0, 50).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wallaby-{i}" }).ToArray();
        var lagging = Enumerable.Range(50, 30).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wallaby-{i}" }).ToArray();
        await store.WriteAsync(indexed);
        (await store.UpdateSearchIndexAsync()).Should().Be(50);
        await store.WriteAsync(lagging);

        // The files as a power cut would leave them while the store is open: the database and its write-ahead log
        // (no checkpoint, no shared-memory index), opened by a new process. Connections of the test's own keep both logs.
        using var databaseLog = TemporaryDatabase.HoldLog(_database.Path);
        using var indexLog = TemporaryDatabase.HoldLog(_database.IndexPath);
        using var crashed = new TemporaryDatabase();
        File.Copy(_database.Path, crashed.Path);

        // What another test's ClearAllPools may do at any moment: close every pooled connection, the last of which
        // would fold each log into its file and delete it between the copy of the file and the copy of its log.
        SqliteConnection.ClearAllPools();
        CopyIfPresent(_database.Path + "-wal", crashed.Path + "-wal");
        CopyIfPresent(_database.IndexPath, crashed.IndexPath);
        CopyIfPresent(_database.IndexPath + "-wal", crashed.IndexPath + "-wal");

        var recovered = crashed.CreateStore(options => options.IndexSearchInBackground = false);
        (await new AuditVerifier(recovered, checkpoints: null, keys: null).VerifyAsync()).Problem.Should().BeNull();
        var status = await recovered.GetSearchIndexStatusAsync();
        status.IndexedThroughSequence.Should().Be(50, "the index's progress commits with its entries");
        status.UnindexedRows.Should().Be(30);
        await ShouldFindAsync(recovered, "wallaby", [.. indexed, .. lagging]);
        await ShouldFindAsync(recovered, "wallaby-77", lagging[^3]);

        (await recovered.UpdateSearchIndexAsync()).Should().Be(30);
        CheckIndexIntegrity(crashed);
        crashed.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"wallaby\"'").Should().Be(80);
        await ShouldFindAsync(recovered, "wallaby", [.. indexed, .. lagging]);
    }

    [Fact]
    public async Task CrashImage_WithoutTheIndexFile_SearchesVerifiesAndRebuildsTheIndex()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var records = Enumerable.Range(0, 40).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wallaroo-{i}" }).ToArray();
        await store.WriteAsync(records);
        (await store.UpdateSearchIndexAsync()).Should().Be(40);

        // Only the database and its log: the index file is derived data, so a copy of the trail may leave it behind.
        using var databaseLog = TemporaryDatabase.HoldLog(_database.Path);
        using var crashed = new TemporaryDatabase();
        File.Copy(_database.Path, crashed.Path);
        SqliteConnection.ClearAllPools(); // As another test's may, between the copy of the file and the copy of its log.
        CopyIfPresent(_database.Path + "-wal", crashed.Path + "-wal");

        var recovered = crashed.CreateStore(options => options.IndexSearchInBackground = false);
        (await new AuditVerifier(recovered, checkpoints: null, keys: null).VerifyAsync()).Problem.Should().BeNull();
        (await recovered.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(40, "the index starts empty");
        await ShouldFindAsync(recovered, "wallaroo-17", records[17]);
        (await recovered.UpdateSearchIndexAsync()).Should().Be(40);
        CheckIndexIntegrity(crashed);
        await ShouldFindAsync(recovered, "wallaroo", records);
    }

    [Fact]
    public async Task IndexFileOfAnotherDatabase_IsEmptied_AndRebuiltForThisOne()
    {
        using var other = new TemporaryDatabase();
        await using (var foreign = other.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await foreign.WriteAsync(Enumerable.Range(0, 30).Select(i => Some.Record(Some.Time(i)) with { Description = $"Foreign-{i}" }).ToArray());
            await foreign.UpdateSearchIndexAsync();
        }

        var mine = Enumerable.Range(0, 20).Select(i => Some.Record(Some.Time(i)) with { Description = $"Antechinus-{i}" }).ToArray();
        await using (var store = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await store.WriteAsync(mine);
        }

        // An index whose state says "indexed through 30" beside a database of 20 rows (or of other rows 1..30).
        SqliteConnection.ClearAllPools();
        File.Copy(other.IndexPath, _database.IndexPath, overwrite: true);

        var reopened = _database.CreateStore(options => options.IndexSearchInBackground = false);
        (await reopened.GetSearchIndexStatusAsync()).IndexedThroughSequence.Should().Be(0, "the foreign index was emptied");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"foreign\"'").Should().Be(0);
        (await reopened.UpdateSearchIndexAsync()).Should().Be(20);
        await ShouldFindAsync(reopened, "antechinus", mine);
        (await reopened.CountAsync(new AuditFilter { Search = "foreign" })).Should().Be(0);
    }

    [Fact]
    public async Task IndexFileOfOtherSearchedFields_IsCreatedAgain_AndCoversTheFieldsOfThisVersion()
    {
        var records = Enumerable.Range(0, 10).Select(i => Some.Record(Some.Time(i)) with { TargetUser = new AuditTargetUser($"u-bandicoot-{i}", "Bandicoot") }).ToArray();
        await using (var store = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await store.WriteAsync(records);
            await store.UpdateSearchIndexAsync();
        }

        // An index made by a version that searched fewer fields: without the target user's columns, said to be complete.
        SqliteConnection.ClearAllPools();
        _database.IndexExecute("DROP TABLE audit_events_search");
        _database.IndexExecute("CREATE VIRTUAL TABLE audit_events_search USING fts5(actor_id, content='', contentless_delete=1, tokenize='trigram')");

        var reopened = _database.CreateStore(options => options.IndexSearchInBackground = false);
        (await reopened.GetSearchIndexStatusAsync()).IndexedThroughSequence.Should().Be(0, "the index of other columns was dropped");
        (await reopened.UpdateSearchIndexAsync()).Should().Be(10);
        CheckIndexIntegrity(_database);
        await ShouldFindAsync(reopened, "bandicoot", records);
        await ShouldFindAsync(reopened, "u-bandicoot-7", records[7]);
    }

    [Fact]
    public async Task IndexFileThatCannotBeOpened_SearchMatchesEveryRowWithLike_AndTheStatusTellsWhy()
    {
        // A directory where the index file should be: SQLite cannot open it (file permissions would not stop root).
        Directory.CreateDirectory(_database.IndexPath);
        var store = _database.CreateStore();
        var records = Enumerable.Range(0, 12).Select(i => Some.Record(Some.Time(i)) with { Description = i % 3 == 0 ? $"Kaluta-{i}" : "plain" }).ToArray();
        await store.WriteAsync(records);

        await ShouldFindAsync(store, "kaluta", records.Where(r => r.Description != "plain").ToArray());
        (await store.CountAsync(new AuditFilter { Search = "kaluta-9" })).Should().Be(1);
        var status = await store.GetSearchIndexStatusAsync();
        // The first background pass fails opening the file; a retry, when one has run, fails saying the file is not in use,
        // with that first error inside.
        var error = status.LastBackgroundError;
        error.Should().NotBeNull();
        (error as SqliteException ?? error!.InnerException).Should().BeOfType<SqliteException>("SQLite's own error tells why the file cannot be opened");
        status.UnindexedRows.Should().Be(12);
        var update = () => store.UpdateSearchIndexAsync();
        (await update.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(_database.IndexPath).And.Contain("LIKE");
        (await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync()).Problem.Should().BeNull();
    }

    [Fact]
    public async Task LegacySearchFile_LeftBesideTheDatabase_IsDeletedAtOpen_AndNeverRead()
    {
        var records = Enumerable.Range(0, 12).Select(i => Some.Record(Some.Time(i)) with { Description = i % 2 == 0 ? $"Dunnart-{i}" : "plain" }).ToArray();
        await using (var first = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await first.WriteAsync(records);
            await first.UpdateSearchIndexAsync();
        }

        // What schema v4 left (here: not even a database): it must neither be opened nor survive the next start.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            await File.WriteAllTextAsync(_database.LegacySearchIndexPath + suffix, "stale text of purged rows");
        }

        var second = _database.CreateStore(options => options.IndexSearchInBackground = false);
        await second.InitializeAsync();

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Exists(_database.LegacySearchIndexPath + suffix).Should().BeFalse($"'-search{suffix}' is deleted");
        }

        (await second.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await ShouldFindAsync(second, "dunnart", records.Where(r => r.Description != "plain").ToArray());
    }

    [Fact]
    public async Task IndexEntriesOfPurgedRows_LeftByAFailedRemoval_AreRemovedByTheNextPass()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var records = Enumerable.Range(0, 20).Select(i => Some.Record(Some.Time(i)) with { Description = $"Bettong-{i:D2}" }).ToArray();
        await store.WriteAsync(records);
        await store.UpdateSearchIndexAsync();

        // A purge committed by another process whose index step never ran (it crashed between the two).
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");
        _database.Execute(
            "INSERT INTO audit_trail_chain (table_name, anchor_seq, anchor_hash) SELECT 'audit_events', seq, hash FROM audit_events WHERE seq = 8 " +
            "ON CONFLICT (table_name) DO UPDATE SET anchor_seq = excluded.anchor_seq, anchor_hash = excluded.anchor_hash");
        _database.Execute("DELETE FROM audit_events WHERE seq <= 8");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"bettong\"'").Should().Be(20);

        await ShouldFindAsync(store, "bettong", records[8..]);
        (await store.UpdateSearchIndexAsync()).Should().Be(0);

        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"bettong\"'").Should().Be(12, "the purged rows' entries are gone");
        _database.IndexScalar<long>("SELECT purged_through FROM audit_trail_search WHERE table_name = 'audit_events'").Should().Be(8);
        CheckIndexIntegrity(_database);
        await ShouldFindAsync(store, "bettong", records[8..]);
    }

    /// <summary>
    /// Copies a file that may be gone: a write-ahead log is deleted when the last connection that uses it closes, which
    /// another test's <c>ClearAllPools</c> can bring about; the database file then holds what the log held.
    /// </summary>
    private static void CopyIfPresent(string source, string destination)
    {
        if (File.Exists(source))
        {
            File.Copy(source, destination);
        }
    }
}
