using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// A search index pass commits without waiting for its WAL to be flushed: the search table is derived from rows already
/// durable, and a pass lost to a crash is made again by the next one. On a cluster of the test's own, whose synchronous
/// commits wait for a standby that never comes, then crash.
/// </summary>
public sealed class PostgreSqlSearchCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [PostgreSqlFact]
    public async Task AnIndexPass_ReturnsWithoutWaitingForTheFlush_AndAfterACrashTheNextPassIndexesWhateverWasLost()
    {
        // The WAL writer writes an asynchronous commit within wal_writer_delay: at its longest (10 s), the pass's commit
        // is most likely still unwritten when the server crashes.
        await using var cluster = await ThrowawayCluster.StartNewAsync("wal_writer_delay=10000");
        var local = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Options = "-c synchronous_commit=local" }.ConnectionString;
        var records = Some.Records(6, Some.Time).Select((record, i) => record with { Description = $"Quokka-{i}" }).ToArray();
        await using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString))
        {
            await using var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
            await store.InitializeAsync();
            await store.WriteAsync(records);

            // From now on every synchronous commit waits for a standby that never connects.
            await TestDatabase.ExecuteAsync(local, "ALTER SYSTEM SET synchronous_standby_names = 'absent_standby'");
            await TestDatabase.ExecuteAsync(local, "SELECT pg_reload_conf()");
            await TestDatabase.PollAsync(
                cluster.ConnectionString, "SELECT 1 WHERE current_setting('synchronous_standby_names') = 'absent_standby'", 1, "sessions with the setting in force", Patience);

            (await store.UpdateSearchIndexAsync().WaitAsync(Patience)).Should().Be(records.Length, "a pass does not wait for its commit to be flushed, nor confirmed");
            (await store.GetSearchIndexProgressAsync()).Should().Be(((long)records.Length, (long)records.Length));
            await cluster.CrashAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await cluster.StartAsync();
        await TestDatabase.ExecuteAsync(local, "ALTER SYSTEM RESET synchronous_standby_names");
        await TestDatabase.ExecuteAsync(local, "SELECT pg_reload_conf()");
        await using var restarted = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var after = new PostgreSqlAuditStore(restarted, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
        var (indexedThrough, latest) = await after.GetSearchIndexProgressAsync();
        latest.Should().Be(records.Length, "the rows were flushed before their write returned");

        (await after.UpdateSearchIndexAsync()).Should().Be(records.Length - indexedThrough, "the next pass indexes whatever the crash took from the search table");
        (await after.GetSearchIndexProgressAsync()).Should().Be(((long)records.Length, (long)records.Length));
        var found = await after.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "quokka" }, null, AuditStoreQuery.MaxLimit));
        found.Select(record => record.Id).Should().BeEquivalentTo(records.Select(record => record.Id));
    }
}
