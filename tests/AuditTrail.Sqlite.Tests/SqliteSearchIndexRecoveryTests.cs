using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using static AuditTrail.Sqlite.Tests.Support.SearchAssertions;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The index after a crash, and files left by older versions: the index and how far it is commit together with the
/// database, so whatever state the file is found in, search is exact and the index catches up from there.
/// </summary>
public sealed class SqliteSearchIndexRecoveryTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task CrashImage_TakenWhileTheIndexLags_SearchesVerifiesAndCatchesUp()
    {
        // A connection of the test's own keeps the log in place whatever other tests do to the shared pools (the last
        // connection to close checkpoints it into the database and deletes it).
        using var holder = _database.OpenSeparateConnection();
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var indexed = Enumerable.Range(0, 50).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wallaby-{i}" }).ToArray();
        var lagging = Enumerable.Range(50, 30).Select(i => Some.Record(Some.Time(i)) with { Description = $"Wallaby-{i}" }).ToArray();
        await store.WriteAsync(indexed);
        (await store.UpdateSearchIndexAsync()).Should().Be(50);
        await store.WriteAsync(lagging);

        // The files as a power cut would leave them while the store is open: the database and its write-ahead log
        // (no checkpoint, no shared-memory index), opened by a new process.
        using var crashed = new TemporaryDatabase();
        File.Copy(_database.Path, crashed.Path);
        File.Copy(_database.Path + "-wal", crashed.Path + "-wal");

        var recovered = crashed.CreateStore(options => options.IndexSearchInBackground = false);
        (await new AuditVerifier(recovered, checkpoints: null, keys: null).VerifyAsync()).Problem.Should().BeNull();
        var status = await recovered.GetSearchIndexStatusAsync();
        status.IndexedThroughSequence.Should().Be(50, "the index's progress is in the same file, as committed");
        status.UnindexedRows.Should().Be(30);
        await ShouldFindAsync(recovered, "wallaby", [.. indexed, .. lagging]);
        await ShouldFindAsync(recovered, "wallaby-77", lagging[^3]);

        (await recovered.UpdateSearchIndexAsync()).Should().Be(30);
        CheckIndexIntegrity(crashed);
        crashed.Scalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"wallaby\"'").Should().Be(80);
        await ShouldFindAsync(recovered, "wallaby", [.. indexed, .. lagging]);
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
        _database.Scalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"bettong\"'").Should().Be(20);

        await ShouldFindAsync(store, "bettong", records[8..]);
        (await store.UpdateSearchIndexAsync()).Should().Be(0);

        _database.Scalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"bettong\"'").Should().Be(12, "the purged rows' entries are gone");
        _database.Scalar<long>("SELECT purged_through FROM audit_trail_search WHERE table_name = 'audit_events'").Should().Be(8);
        CheckIndexIntegrity(_database);
        await ShouldFindAsync(store, "bettong", records[8..]);
    }
}
