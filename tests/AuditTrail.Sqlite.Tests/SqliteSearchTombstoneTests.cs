using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A tombstone takes its row's text out of the search index file too, also when the pass that made it stopped before
/// the index was updated (the index file locked by another connection) and the next retention pass runs.
/// </summary>
public sealed class SqliteSearchTombstoneTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TombstoneAsync_AgainAfterAPassStoppedBeforeItsSearchUpdate_LeavesNoneOfTheRowsTextInTheIndex()
    {
        var store = await IndexedNumbatAsync();
        var requests = await RequestsAsync(store);

        using (var other = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath))
        {
            using var transaction = other.BeginTransaction(deferred: false);
            var stopped = () => ((IAuditTombstoneStore)store).TombstoneAsync(requests);
            (await stopped.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: another connection holds the index file's write lock");
            transaction.Rollback();
        }

        // The next retention pass.
        await ((IAuditTombstoneStore)store).TombstoneAsync(requests);

        TombstonedRows().Should().Be(4);
        IndexedRowsMatching("numbat").Should().Be(0, "a tombstoned row's text must not stay behind in the index file");
        IndexedRowsMatching("203.0.113.9").Should().Be(0);
        IndexedRowsMatching("termite").Should().Be(0);
        (await store.CountAsync(new AuditFilter { Search = "Numbat" })).Should().Be(0);
        (await store.GetFacetsAsync(new AuditFilter())).Actors.Should().NotContain(actor => actor.Id == "u-nina" || actor.DisplayName == "Nina Numbat");
    }

    [Fact]
    public async Task TombstoneAsync_WhoseSearchUpdateFailedAfterItsCommit_TheNextIndexPassTakesTheRowsTextOut()
    {
        var store = await IndexedNumbatAsync();
        var requests = await RequestsAsync(store);

        // The update after the commit fails (as a process killed or cancelled there never makes it).
        ExecuteInIndexFile("CREATE TRIGGER injected_failure BEFORE DELETE ON audit_trail_search_rewrites BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        var stopped = () => ((IAuditTombstoneStore)store).TombstoneAsync(requests);
        (await stopped.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("injected failure");
        ExecuteInIndexFile("DROP TRIGGER injected_failure");
        TombstonedRows().Should().Be(4, "the tombstoning committed before the update failed");
        IndexedRowsMatching("numbat").Should().Be(4, "the update never ran");
        (await store.CountAsync(new AuditFilter { Search = "Numbat" })).Should().Be(0, "every index hit is confirmed against the row");

        // The next retention pass finds the rows tombstoned already; the next index pass makes the update they are owed.
        (await ((IAuditTombstoneStore)store).TombstoneAsync(requests)).Should().Be(0);
        await store.UpdateSearchIndexAsync();

        IndexedRowsMatching("numbat").Should().Be(0, "a tombstoned row's text must not stay behind in the index file");
        IndexedRowsMatching("203.0.113.9").Should().Be(0);
        IndexedRowsMatching("termite").Should().Be(0);
        IndexFileCount("SELECT count(*) FROM audit_trail_search_rewrites").Should().Be(0, "nothing is owed any more");
    }

    [Fact]
    public async Task TombstoneAsync_OfIndexedRows_LeavesNoneOfTheirTextInTheIndex_AndTheirKeptActionIsStillFound()
    {
        var store = await IndexedNumbatAsync();

        (await ((IAuditTombstoneStore)store).TombstoneAsync(await RequestsAsync(store))).Should().Be(4);

        IndexedRowsMatching("numbat").Should().Be(0);
        IndexedRowsMatching("termite").Should().Be(0);
        IndexFileCount("SELECT count(*) FROM audit_trail_search_rewrites").Should().Be(0, "the update after the commit paid what the tombstoning owed");
    }

    /// <summary>A store with four indexed records of Nina Numbat, her address and user agent.</summary>
    private async Task<SqliteAuditStore> IndexedNumbatAsync()
    {
        var store = _database.CreateStore(options =>
        {
            options.BusyTimeout = TimeSpan.FromMilliseconds(200);
            options.IndexSearchInBackground = false;
        });
        await store.WriteAsync(TombstoneRequests.NinaNumbat(4));
        (await store.UpdateSearchIndexAsync()).Should().Be(4);
        IndexedRowsMatching("numbat").Should().Be(4);
        return store;
    }

    private static Task<AuditTombstoneRequest[]> RequestsAsync(SqliteAuditStore store) => TombstoneRequests.ForEveryRowAsync(store);

    private long TombstonedRows()
    {
        using var connection = _database.OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_events WHERE tombstone IS NOT NULL";
        return (long)command.ExecuteScalar()!;
    }

    private void ExecuteInIndexFile(string sql)
    {
        using var connection = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long IndexFileCount(string sql)
    {
        using var connection = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The entries of the index file (contentless, trigram) that <paramref name="text"/> matches.</summary>
    private long IndexedRowsMatching(string text)
    {
        using var connection = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH @text";
        command.Parameters.AddWithValue("@text", "\"" + text + "\"");
        return (long)command.ExecuteScalar()!;
    }
}
