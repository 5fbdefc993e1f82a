using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static AuditTrail.PostgreSql.Tests.Support.ChainExpectations;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// Writes behind a predecessor (<see cref="IAuditOrderedSink"/>): a batch is written only when each of the
/// predecessor's ids is stored, checked under the chain lock, so a batch sent while its predecessor's write waits for
/// the lock follows it, and one that reaches the lock first writes nothing. The pipeline sends batches that way and
/// still stores events in the order they were accepted, with and without <see cref="AuditTrailOptions.PipelineWrites"/>.
/// </summary>
public sealed class PostgreSqlOrderedWriteTests : SchemaTest
{
    [PostgreSqlTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task PredecessorStored_TheBatchIsWritten_AndTheChainVerifies(int size)
    {
        var store = Schema.CreateStore();
        var predecessor = Some.Records(2, Some.Time);
        var batch = Some.Records(size, seconds => Some.Time(10 + seconds));
        await store.WriteAsync(predecessor);

        (await store.WriteAfterAsync(batch, Ids(predecessor))).Should().BeTrue();

        await ExpectChainAsync(store, Ids(predecessor).Concat(Ids(batch)));
    }

    [PostgreSqlTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task APredecessorIdNotStored_NothingIsWritten(int size)
    {
        var store = Schema.CreateStore();
        var stored = Some.Records(2, Some.Time);
        await store.WriteAsync(stored);
        var head = await store.GetHeadAsync();

        var written = await store.WriteAfterAsync(Some.Records(size, seconds => Some.Time(10 + seconds)), [.. Ids(stored), Guid.CreateVersion7()]);

        written.Should().BeFalse();
        (await store.GetHeadAsync()).Should().BeEquivalentTo(head);
        await ExpectChainAsync(store, Ids(stored));
    }

    [PostgreSqlFact]
    public async Task SentWhileThePredecessorWaitsForTheChainLock_ItFollowsThePredecessor()
    {
        var store = Schema.CreateStore();
        var predecessor = Some.Records(3, Some.Time);
        var batch = Some.Records(2, seconds => Some.Time(10 + seconds));

        bool written;
        await using (var held = await HoldChainLockAsync())
        {
            var first = store.WriteAsync(predecessor);
            await WaitForLockWaitersAsync(1);
            var second = store.WriteAfterAsync(batch, Ids(predecessor));
            await WaitForLockWaitersAsync(2);
            await held.ReleaseAsync();
            await first;
            written = await second;
        }

        written.Should().BeTrue("the predecessor took the lock first and was stored when the batch took it");
        await ExpectChainAsync(store, Ids(predecessor).Concat(Ids(batch)));
    }

    [PostgreSqlFact]
    public async Task ReachingTheChainLockBeforeThePredecessor_NothingIsWritten()
    {
        var store = Schema.CreateStore();
        var predecessor = Some.Records(3, Some.Time);
        var batch = Some.Records(2, seconds => Some.Time(10 + seconds));

        bool written;
        await using (var held = await HoldChainLockAsync())
        {
            var second = store.WriteAfterAsync(batch, Ids(predecessor));
            await WaitForLockWaitersAsync(1);
            var first = store.WriteAsync(predecessor);
            await WaitForLockWaitersAsync(2);
            await held.ReleaseAsync();
            written = await second;
            await first;
        }

        written.Should().BeFalse("the predecessor was not stored when the batch took the lock");
        await ExpectChainAsync(store, Ids(predecessor));
    }

    [PostgreSqlFact]
    public async Task RowByRowStore_WritesNothingBehindAPredecessor_SoThePipelineWritesTheOrdinaryWay()
    {
        var store = Schema.CreateStore(batchedWrites: false);
        var predecessor = Some.Records(1, Some.Time);
        await store.WriteAsync(predecessor);

        (await store.WriteAfterAsync(Some.Records(1, seconds => Some.Time(10 + seconds)), Ids(predecessor))).Should().BeFalse();

        await ExpectChainAsync(store, Ids(predecessor));
    }

    [PostgreSqlTheory]
    [InlineData(true, AuditDeliveryMode.Buffered)]
    [InlineData(false, AuditDeliveryMode.Buffered)]
    [InlineData(true, AuditDeliveryMode.Durable)]
    public async Task ThePipeline_StoresEveryEventOnce_InTheOrderItWasAccepted(bool pipelineWrites, AuditDeliveryMode mode)
    {
        // Buffered: one caller, whose every event is accepted at once. Durable: 16 callers, each waiting for its commit,
        // in batches small enough to fill, so that batches are sent ahead.
        var callers = mode == AuditDeliveryMode.Buffered ? 1 : 16;
        var services = new ServiceCollection();
        services.AddAuditTrail(options =>
        {
            options.PipelineWrites = pipelineWrites;
            options.DeliveryMode = mode;
            options.MaxBatchSize = mode == AuditDeliveryMode.Buffered ? 50 : 8;
            options.RecordLifecycleEvents = false;
        }).UseNpgsql(Schema.ConnectionString, options => options.Schema = Schema.Name);
        services.AddTestSpoolFolder();
        List<Guid>[] accepted;
        await using (var host = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
        {
            var logger = host.GetRequiredService<IAuditLogger>();
            accepted = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
            {
                var mine = new List<Guid>();
                for (var i = 0; i < 2_000 / callers; i++)
                {
                    mine.Add(await logger.LogAsync(new AuditEvent { Action = "test.event", ActionType = AuditActionType.Create, Description = $"{caller}.{i}" }));
                }

                return mine;
            })));
        }

        var stored = (await ReadChainAsync(Schema.CreateStore())).Select(entry => entry.Record.Id).ToList();
        stored.Should().BeEquivalentTo(accepted.SelectMany(mine => mine));
        foreach (var mine in accepted)
        {
            stored.Where(mine.Contains).Should().Equal(mine, "each caller's events are stored in the order they were accepted");
        }

        await ExpectValidAsync(Schema.CreateStore(), stored.Count);
    }

    private static Guid[] Ids(IEnumerable<AuditRecord> records) => [.. records.Select(record => record.Id)];

    /// <summary>Takes the chain lock in a transaction of the test's own, so that writes queue behind it in a known order.</summary>
    private async Task<HeldLock> HoldChainLockAsync()
    {
        var connection = await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(new PostgreSqlAuditSqlDialect(Schema.Name).ChainLockStatement("audit_events"), (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync();
        return new HeldLock(connection, transaction);
    }

    /// <summary>Waits until this many of the schema's writes wait for a lock.</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        var sql = $"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%audittrail.chain:{Schema.Name}.%'";
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(10))
        {
            var waiting = (await TestDatabase.ColumnAsync<long>(Schema.ConnectionString, sql)).Single();
            if (waiting >= count)
            {
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "{0} write(s) should be waiting for the chain lock, and {1} are", count, waiting);
        }
    }

    private sealed class HeldLock(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction) : IAsyncDisposable
    {
        public async Task ReleaseAsync() => await transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
