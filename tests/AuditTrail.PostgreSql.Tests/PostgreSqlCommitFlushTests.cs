using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// A batch's append commits without waiting for its WAL to be flushed, so the chain lock is never held through a
/// flush; the flush barrier after it makes the batch as durable as a synchronous commit before the write returns. On
/// clusters of the tests' own: one is crashed, the other waits for a synchronous standby that never comes.
/// </summary>
public sealed class PostgreSqlCommitFlushTests
{
    private const string IdsInOrder = "SELECT id FROM public.audit_events ORDER BY seq";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [PostgreSqlFact]
    public async Task WrittenBatches_SurviveAServerCrash_ThoughTheirAppendsCommitWithoutWaitingForTheFlush()
    {
        // The WAL writer writes an asynchronous commit within wal_writer_delay; at its longest (10 s) only the barrier
        // gets the batches' commits to the WAL files before the crash.
        await using var cluster = await ThrowawayCluster.StartNewAsync("wal_writer_delay=10000");
        var records = Some.Records(6, Some.Time);
        await using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString))
        {
            await using var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
            await store.InitializeAsync();
            await store.WriteAsync(records[..1]);
            await store.WriteAsync(records[1..]);
            await cluster.CrashAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await cluster.StartAsync();
        await using var restarted = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var after = new PostgreSqlAuditStore(restarted, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
        (await TestDatabase.ColumnAsync<Guid>(cluster.ConnectionString, IdsInOrder))
            .Should().Equal(records.Select(record => record.Id), "a batch is flushed before its write returns, the one-row statement's and the multi-row one's");
        await ExpectValidAsync(after, records.Length);
    }

    [PostgreSqlFact]
    public async Task AnAppendWaitingForItsCommitToBeConfirmed_LeavesTheChainLockToOtherInstances_AndReturnsOnceConfirmed()
    {
        // A synchronous standby that never connects: every synchronous commit waits for it until the setting is reset.
        // Set in postgresql.auto.conf, where a reload can reset it, and in force for every process after the restart.
        await using var cluster = await ThrowawayCluster.StartNewAsync();
        var local = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Options = "-c synchronous_commit=local" }.ConnectionString;
        await TestDatabase.ExecuteAsync(local, "ALTER SYSTEM SET synchronous_standby_names = 'absent_standby'");
        NpgsqlConnection.ClearAllPools();
        await cluster.StopAsync();
        await cluster.StartAsync();
        await using (var setUp = NpgsqlDataSource.Create(local))
        {
            await using var creator = new PostgreSqlAuditStore(setUp, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
            await creator.InitializeAsync();
        }

        // Two instances' write paths alone: a store's first write would also check its schema, which commits.
        await using var firstSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var secondSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        var first = Writer(firstSource);
        var second = Writer(secondSource);
        var records = Some.Records(4, Some.Time);

        var firstWrite = first.WriteAsync(records[..1]);
        await PollAsync(cluster.ConnectionString, IdsInOrder, 1, "committed rows");
        firstWrite.IsCompleted.Should().BeFalse("its rows are committed, and it waits for the standby to confirm the flush");
        var secondWrite = second.WriteAsync(records[1..]);
        await PollAsync(cluster.ConnectionString, IdsInOrder, 4, "committed rows");
        // A feed reading these rows waits for the same confirmation before it hands them on.
        await using var reader = NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var store = new PostgreSqlAuditStore(reader, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
        var feedFlush = store.FlushCommittedAsync();
        await PollAsync(cluster.ConnectionString, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep'", 3, "sessions waiting for the standby");
        firstWrite.IsCompleted.Should().BeFalse("the other instance took the chain lock while the first write still waited");
        secondWrite.IsCompleted.Should().BeFalse();
        feedFlush.IsCompleted.Should().BeFalse();

        await TestDatabase.ExecuteAsync(local, "ALTER SYSTEM RESET synchronous_standby_names");
        await TestDatabase.ExecuteAsync(local, "SELECT pg_reload_conf()");

        await Task.WhenAll(firstWrite, secondWrite, feedFlush).WaitAsync(Patience);
        (await TestDatabase.ColumnAsync<Guid>(cluster.ConnectionString, IdsInOrder))
            .Should().Equal(records.Select(record => record.Id));
        await ExpectValidAsync(store, records.Length);
    }

    private static RelationalAuditStore Writer(NpgsqlDataSource dataSource)
    {
        var dialect = new PostgreSqlAuditSqlDialect("public");
        var appender = new PostgreSqlBatchAppender(dialect, "audit_events", new PostgreSqlWriteConnection(dataSource));
        return new RelationalAuditStore(dialect, async cancellationToken => await dataSource.OpenConnectionAsync(cancellationToken), "audit_events", new RelationalAuditStoreStrategies { BatchAppender = appender });
    }

    private static Task PollAsync(string connectionString, string sql, int count, string what) =>
        TestDatabase.PollAsync(connectionString, sql, count, what, Patience);

    private static async Task ExpectValidAsync(IAuditStore store, int rows)
    {
        var report = await new AuditVerifier((IAuditChainStore)store, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(rows);
    }
}
