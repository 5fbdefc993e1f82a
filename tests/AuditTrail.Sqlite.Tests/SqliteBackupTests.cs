using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A trail is its database file plus the search index file beside it, and the index is derived data: a copy of the
/// database file alone, a copy of both, an online backup taken by <see cref="SqliteAuditStore.BackupAsync"/> while the
/// store writes, and a restore by <see cref="SqliteAuditStore.RestoreAsync"/> each open in a new store that searches
/// and verifies.
/// </summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly TemporaryDatabase _copy = new();

    public void Dispose()
    {
        _database.Dispose();
        _copy.Dispose();
    }

    [Fact]
    public async Task BothFilesCopiedAfterTheStoreIsDisposed_SearchesWithTheirIndexAndVerifies()
    {
        var records = Records("Cassowary", 120);
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync(records);
            await store.UpdateSearchIndexAsync();
        }

        // Closing the last connection checkpoints each log into its file and deletes it.
        SqliteConnection.ClearAllPools();
        File.Exists(_database.Path + "-wal").Should().BeFalse();
        File.Exists(_database.IndexPath + "-wal").Should().BeFalse();
        File.Copy(_database.Path, _copy.Path);
        File.Copy(_database.IndexPath, _copy.IndexPath);

        var copy = _copy.CreateStore(options => options.IndexSearchInBackground = false);
        (await copy.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0, "the index came with the database");
        _copy.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"cassowary\"'").Should().Be(120);
        await AssertWholeAsync(copy, records, "cassowary");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StoreDisposed_TheDatabaseFileAloneHoldsEveryRecord(bool asynchronously)
    {
        // No ClearAllPools here: a clean shutdown of the store itself must fold the log into the file.
        var records = Records("Wombat", 50);
        var store = _database.CreateStore();
        await store.WriteAsync(records);
        if (asynchronously)
        {
            await store.DisposeAsync();
        }
        else
        {
            store.Dispose();
        }

        var log = new FileInfo(_database.Path + "-wal");
        (log.Exists ? log.Length : 0).Should().Be(0, "the write-ahead log was checkpointed into the database file");
        File.Copy(_database.Path, _copy.Path);
        await AssertWholeAsync(_copy.CreateStore(options => options.IndexSearchInBackground = false), records, "wombat");
    }

    [Fact]
    public async Task DatabaseFileCopiedAlone_SearchesVerifiesAndRebuildsItsIndex()
    {
        var records = Records("Emu", 90);
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync(records);
            await store.UpdateSearchIndexAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Copy(_database.Path, _copy.Path);

        var copy = _copy.CreateStore(options => options.IndexSearchInBackground = false);
        (await copy.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(90, "the copy's index starts empty");
        await AssertWholeAsync(copy, records, "emu");
        (await copy.UpdateSearchIndexAsync()).Should().Be(90);
        CheckIndexIntegrity(_copy);
        await AssertWholeAsync(copy, records, "emu");
    }

    [Fact]
    public async Task BackupAsync_TakenWhileTheStoreWritesAndIndexes_SearchesAndVerifies()
    {
        var store = _database.CreateStore();
        var records = Records("Bilby", 600);
        await store.WriteAsync(records[..200]);
        await store.UpdateSearchIndexAsync();
        var writing = Task.Run(async () =>
        {
            foreach (var batch in records[200..].Chunk(20))
            {
                await store.WriteAsync(batch);
            }
        });

        await store.BackupAsync(_copy.Path);
        await writing;

        var backedUp = _copy.Scalar<long>("SELECT count(*) FROM audit_events");
        backedUp.Should().BeGreaterThanOrEqualTo(200);
        var indexed = _copy.IndexScalar<long>("SELECT indexed_through FROM audit_trail_search WHERE table_name = 'audit_events'");
        indexed.Should().BeInRange(200, backedUp, "the index is copied first, so it is never ahead of its database");

        var backup = _copy.CreateStore(options => options.IndexSearchInBackground = false);
        (await backup.GetSearchIndexStatusAsync()).IndexedThroughSequence.Should().Be(indexed, "the copied index belongs to the copied database");
        CheckIndexIntegrity(_copy);
        await AssertWholeAsync(backup, records[..(int)backedUp], "bilby");
        await backup.UpdateSearchIndexAsync();
        (await backup.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await AssertWholeAsync(backup, records[..(int)backedUp], "bilby");
    }

    [Fact]
    public async Task RestoreAsync_OverTheDatabase_SearchesVerifiesAndTakesNewRecords()
    {
        var kept = Records("Quoll", 80);
        var lost = Records("Potoroo", 30);
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync(kept);
            await store.BackupAsync(_copy.Path);
            await store.WriteAsync(lost);
            await store.UpdateSearchIndexAsync();
        }

        // The live index went past the backup (it holds the lost rows): the restore replaces it with the backup's.
        SqliteConnection.ClearAllPools();
        await SqliteAuditStore.RestoreAsync(_copy.Path, _database.Path);

        var restored = _database.CreateStore(options => options.IndexSearchInBackground = false);
        await AssertWholeAsync(restored, kept, "quoll");
        (await restored.CountAsync(new AuditFilter { Search = "potoroo" })).Should().Be(0, "the rows written after the backup are gone, from the index too");

        var after = Records("Quoll", 5, from: 500);
        await restored.WriteAsync(after);
        await restored.UpdateSearchIndexAsync();
        await AssertWholeAsync(restored, [.. kept, .. after], "quoll");
        (await restored.CountAsync(new AuditFilter { Search = "potoroo" })).Should().Be(0);
    }

    [Fact]
    public async Task DatabaseRestoredByHand_BesideTheNewerIndex_EmptiesTheIndexThatNoLongerMatches()
    {
        var kept = Records("Dibbler", 40);
        var lost = Records("Phascogale", 25);
        await using (var store = _database.CreateStore(options => options.IndexSearchInBackground = false))
        {
            await store.WriteAsync(kept);
            await store.BackupAsync(_copy.Path);
            await store.WriteAsync(lost);
            (await store.UpdateSearchIndexAsync()).Should().Be(65);
        }

        // Only the database file put back, with SQLite's backup API; the index beside it has rows 41..65 the database lacks.
        SqliteConnection.ClearAllPools();
        using (var source = _copy.OpenSeparateConnection())
        using (var destination = _database.OpenSeparateConnection())
        {
            source.BackupDatabase(destination);
        }

        var restored = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var newer = Records("Dibbler", 25, from: 700);
        await restored.WriteAsync(newer);
        (await restored.CountAsync(new AuditFilter { Search = "phascogale" })).Should().Be(0);
        await restored.UpdateSearchIndexAsync();
        CheckIndexIntegrity(_database);
        await AssertWholeAsync(restored, [.. kept, .. newer], "dibbler");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"phascogale\"'").Should().Be(0);
    }

    [Fact]
    public async Task BackupAsync_RefusesAnExistingFile_AndTheStoresOwn()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Records("Kultarr", 3));
        await File.WriteAllTextAsync(_copy.Path, "keep me");

        var existing = () => store.BackupAsync(_copy.Path);
        (await existing.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destinationPath");
        (await File.ReadAllTextAsync(_copy.Path)).Should().Be("keep me");

        var own = () => store.BackupAsync(_database.Path);
        (await own.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destinationPath");

        var missing = () => SqliteAuditStore.RestoreAsync(Path.Combine(_copy.Directory, "missing.db"), _database.Path);
        (await missing.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("backupPath");
        (await store.CountAsync(AuditFilter.All)).Should().Be(3, "nothing recorded was touched");
    }

    [Fact]
    public async Task BackupAsync_CancelledPartWayThroughTheDatabase_ThrowsAndLeavesNoFile()
    {
        var store = _database.CreateStore();
        var records = Records("Numbat", 400);
        await store.WriteAsync(records);
        await store.UpdateSearchIndexAsync();
        using var cancellation = new CancellationTokenSource();
        var databaseSteps = 0;

        // One page per step; the index file is copied first, and the database's copy starts once its file is created.
        var backup = () => store.BackupInStepsAsync(_copy.Path, pagesPerStep: 1, stepped: () =>
        {
            if (File.Exists(_copy.Path) && ++databaseSteps == 10)
            {
                cancellation.Cancel();
            }
        }, cancellation.Token);

        await backup.Should().ThrowAsync<OperationCanceledException>();
        databaseSteps.Should().Be(10, "the copy stops at the step after the cancellation");
        BackupFiles().Should().BeEmpty("a backup that did not finish leaves none of its files");
        await store.BackupAsync(_copy.Path);
        await AssertWholeAsync(_copy.CreateStore(options => options.IndexSearchInBackground = false), records, "numbat");
    }

    [Fact]
    public async Task BackupAsync_FailingPartWay_LeavesNoFile_SoTheNextBackupOntoTheNameWorks()
    {
        var store = _database.CreateStore();
        var records = Records("Dunnart", 300);
        await store.WriteAsync(records);
        await store.UpdateSearchIndexAsync();

        var failing = () => store.BackupInStepsAsync(_copy.Path, pagesPerStep: 1, stepped: () => throw new IOException("No space left on device"), CancellationToken.None);

        (await failing.Should().ThrowAsync<IOException>()).WithMessage("No space left on device");
        BackupFiles().Should().BeEmpty();
        await store.BackupAsync(_copy.Path);
        await AssertWholeAsync(_copy.CreateStore(options => options.IndexSearchInBackground = false), records, "dunnart");
    }

    [Fact]
    public async Task BackupAsync_InSmallStepsWhileTheStoreWritesBetweenThem_FinishesWithTheSnapshotOfItsFirstStep()
    {
        var store = _database.CreateStore();
        var records = Records("Bettong", 360);
        await store.WriteAsync(records[..300]);
        var more = new Queue<AuditRecord[]>(records[300..].Chunk(5));

        // Writes between steps would restart a copy that takes a new snapshot per step, and it would never finish.
        await store.BackupInStepsAsync(_copy.Path, pagesPerStep: 1, stepped: () =>
        {
            if (more.TryDequeue(out var batch))
            {
                store.WriteAsync(batch).GetAwaiter().GetResult();
            }
        }, CancellationToken.None);

        more.Should().BeEmpty("the store wrote while the copy went on");
        (await store.CountAsync(AuditFilter.All)).Should().Be(360);
        var backedUp = (int)_copy.Scalar<long>("SELECT count(*) FROM audit_events");
        backedUp.Should().BeInRange(300, 355, "the database's copy is its first step's snapshot, without the writes between its later steps");
        await AssertWholeAsync(_copy.CreateStore(options => options.IndexSearchInBackground = false), records[..backedUp], "bettong");
    }

    private string[] BackupFiles() => Directory.GetFiles(_copy.Directory, Path.GetFileName(_copy.Path) + "*");

    /// <summary>The chain verifies over exactly <paramref name="expected"/>, and a search for <paramref name="word"/> finds them all.</summary>
    private static async Task AssertWholeAsync(SqliteAuditStore store, AuditRecord[] expected, string word)
    {
        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        report.Problem.Should().BeNull();
        report.RowsVerified.Should().Be(expected.Length);
        await ShouldFindAsync(store, word, expected);
        await ShouldFindAsync(store, $"{word}-{expected.Length / 2:D4}", expected[expected.Length / 2]);
    }

    private static AuditRecord[] Records(string word, int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => Some.Record(Some.Time(i)) with { Description = $"{word}-{i - from:D4} seen" }).ToArray();
}
