using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// One database file is the whole trail, its search index included: a copy, an online backup taken through SQLite's
/// backup API while the store writes, and a restored backup each open in a new store that searches and verifies.
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
    public async Task FileCopiedAfterTheStoreIsDisposed_SearchesWithItsIndexAndVerifies()
    {
        var records = Records("Cassowary", 120);
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync(records);
            await store.UpdateSearchIndexAsync();
        }

        // Closing the last connection checkpoints the log into the database file and deletes it.
        SqliteConnection.ClearAllPools();
        File.Exists(_database.Path + "-wal").Should().BeFalse();
        File.Copy(_database.Path, _copy.Path);

        var copy = _copy.CreateStore(options => options.IndexSearchInBackground = false);
        (await copy.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0, "the index came with the file");
        _copy.Scalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"cassowary\"'").Should().Be(120);
        await AssertWholeAsync(copy, records, "cassowary");
    }

    [Fact]
    public async Task OnlineBackup_TakenWhileTheStoreWritesAndIndexes_SearchesAndVerifies()
    {
        var store = _database.CreateStore();
        var records = Records("Bilby", 600);
        await store.WriteAsync(records[..200]);
        var writing = Task.Run(async () =>
        {
            foreach (var batch in records[200..].Chunk(20))
            {
                await store.WriteAsync(batch);
            }
        });

        using (var source = _database.OpenSeparateConnection())
        using (var destination = TemporaryDatabase.OpenSeparateConnection(_copy.Path))
        {
            source.BackupDatabase(destination);
        }

        await writing;
        var backedUp = _copy.Scalar<long>("SELECT count(*) FROM audit_events");
        backedUp.Should().BeGreaterThanOrEqualTo(200);

        var backup = _copy.CreateStore(options => options.IndexSearchInBackground = false);
        CheckIndexIntegrity(_copy);
        await AssertWholeAsync(backup, records[..(int)backedUp], "bilby");
        await backup.UpdateSearchIndexAsync();
        (await backup.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0);
        await AssertWholeAsync(backup, records[..(int)backedUp], "bilby");
    }

    [Fact]
    public async Task BackupRestoredOverTheDatabase_SearchesVerifiesAndTakesNewRecords()
    {
        var kept = Records("Quoll", 80);
        var lost = Records("Potoroo", 30);
        await using (var store = _database.CreateStore())
        {
            await store.WriteAsync(kept);
            using (var source = _database.OpenSeparateConnection())
            using (var destination = TemporaryDatabase.OpenSeparateConnection(_copy.Path))
            {
                source.BackupDatabase(destination);
            }

            await store.WriteAsync(lost);
            await store.UpdateSearchIndexAsync();
        }

        // Restore: the backup API again, from the backup into the database's own file.
        SqliteConnection.ClearAllPools();
        using (var source = _copy.OpenSeparateConnection())
        using (var destination = _database.OpenSeparateConnection())
        {
            source.BackupDatabase(destination);
        }

        SqliteConnection.ClearAllPools();
        var restored = _database.CreateStore(options => options.IndexSearchInBackground = false);
        await AssertWholeAsync(restored, kept, "quoll");
        (await restored.CountAsync(new AuditFilter { Search = "potoroo" })).Should().Be(0, "the rows written after the backup are gone, from the index too");

        var after = Records("Quoll", 5, from: 500);
        await restored.WriteAsync(after);
        await restored.UpdateSearchIndexAsync();
        await AssertWholeAsync(restored, [.. kept, .. after], "quoll");
    }

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
