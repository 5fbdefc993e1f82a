using System.Data.Common;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The one-round-trip append: it writes only while the chain head is the one the rows were linked to, and a store
/// recovers from every way that can fail (another instance wrote, a retried batch, a purge, attempts that never match).
/// </summary>
public sealed class PostgreSqlBatchAppenderTests : SchemaTest
{
    [PostgreSqlFact]
    public async Task TwoInstancesTakingTurns_EachFindsTheOthersHead_AndTheChainVerifies()
    {
        var a = Schema.CreateStore();
        var b = Schema.CreateStore();
        var records = Some.Records(9, Some.Time);

        await a.WriteAsync(records[..3]);
        await b.WriteAsync(records[3..6]);
        await a.WriteAsync(records[6..]);

        await ExpectChainAsync(a, records.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task AfterAnotherWriterMovedTheHead_TheNextWritesTakeTheLock_AndTheChainVerifies()
    {
        var other = Schema.CreateStore();
        var recording = new RecordingAppender(new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource())), staleHeads: false);
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });
        var records = Some.Records(5, Some.Time);

        await relational.WriteAsync(records[..1]);
        await other.WriteAsync(records[1..2]);
        await relational.WriteAsync(records[2..3]);
        await relational.WriteAsync(records[3..4]);

        recording.Attempts.Select(attempt => attempt.Appended).Should().Equal([true, false], "one attempt for the first write, one that found the other writer's head");
        recording.Locks.Should().Be(2, "the write that found another writer's head, and the next, took the lock");
        await other.WriteAsync(records[4..]);
        await ExpectChainAsync(other, records.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task RetriedBatch_WithSomeIdsStored_WritesOnlyTheOthers_WithoutGaps()
    {
        var store = Schema.CreateStore();
        var records = Some.Records(4, Some.Time);
        await store.WriteAsync([records[0], records[1]]);

        await Schema.CreateStore().WriteAsync([records[1], records[2], records[0], records[3], records[2]]);

        await ExpectChainAsync(store, [records[0].Id, records[1].Id, records[2].Id, records[3].Id]);
    }

    [PostgreSqlFact]
    public async Task BatchWhollyStored_WritesNothing()
    {
        var records = Some.Records(3, Some.Time);
        await Schema.CreateStore().WriteAsync(records);

        await Schema.CreateStore().WriteAsync(records);

        await ExpectChainAsync(Schema.CreateStore(), records.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task AfterAPurgeOfEveryRow_ANewInstanceContinuesFromTheAnchor()
    {
        var first = Schema.CreateStore();
        var old = Some.Records(3, Some.Time);
        await first.WriteAsync(old);
        (await first.PurgeAsync(Some.Time(100), 1000)).Should().Be(3);

        var later = Some.Records(2, seconds => Some.Time(200 + seconds));
        await Schema.CreateStore().WriteAsync(later[..1]);
        await first.WriteAsync(later[1..]);

        (await first.GetHeadAsync())!.Sequence.Should().Be(5, "the purged rows keep their sequence numbers");
        await ExpectChainAsync(first, later.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task TryAppend_WithAStaleHeadAndAStoredId_WritesNothing_AndSaysWhatItFound()
    {
        var store = Schema.CreateStore();
        var stored = Some.Records(2, Some.Time);
        await store.WriteAsync(stored);
        var head = await store.GetHeadAsync();
        var appender = new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource()));
        var recording = new RecordingAppender(appender, staleHeads: false);
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });

        await relational.WriteAsync([stored[1], .. Some.Records(1, seconds => Some.Time(10 + seconds))]);

        recording.Attempts.Should().HaveCount(2, "a new store expects an empty chain; the failed attempt tells the head and the stored id");
        recording.Attempts[0].Should().BeEquivalentTo(new { Appended = false, Head = head, StoredIds = new[] { stored[1].Id } });
        recording.Attempts[1].Appended.Should().BeTrue();
        (await store.CountAsync(new AuditFilter())).Should().Be(3);
    }

    [PostgreSqlFact]
    public async Task AttemptsThatNeverMatch_FallBackToTheLockedTransaction_AndTheChainStaysWhole()
    {
        var store = Schema.CreateStore();
        var records = Some.Records(6, Some.Time);
        await store.WriteAsync(records[..2]);
        var recording = new RecordingAppender(new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource())), staleHeads: true);
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });

        await relational.WriteAsync([records[1], .. records[2..]]);

        recording.Attempts.Should().HaveCount(RelationalAuditStore.MaxOptimisticAppends).And.OnlyContain(attempt => !attempt.Appended);
        recording.Locks.Should().Be(1);
        recording.LockedAppends.Should().Be(1);
        await ExpectChainAsync(store, records.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task Writes_NeverScanTheTable_ThoughTheirPlanWasMadeWhileItWasTiny()
    {
        var dataSource = Schema.DataSource();
        var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = Schema.Name, IndexSearchInBackground = false });
        for (var i = 0; i < 12; i++)
        {
            await store.WriteAsync(Some.Records(1, _ => Some.Time(i)));
        }

        await store.WriteAsync(Some.Records(2000, seconds => Some.Time(100 + seconds)));
        for (var i = 0; i < 12; i++)
        {
            await store.WriteAsync(Some.Records(1, _ => Some.Time(10_000 + i)));
        }

        // The sessions end, so their statistics reach the server's counters.
        await store.DisposeAsync();
        await dataSource.DisposeAsync();
        var table = $"'\"{Schema.Name}\".audit_events'::regclass";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await Schema.ScalarAsync<long>($"SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relid = {table}") < 24 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        (await Schema.ScalarAsync<long>($"SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relid = {table}")).Should().BeGreaterThanOrEqualTo(24);
        (await Schema.ScalarAsync<long>($"SELECT seq_tup_read FROM pg_stat_user_tables WHERE relid = {table}"))
            .Should().Be(0, "every head and stored-id lookup uses an index, or a write's cost grows with the table");
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);

    private static async Task ExpectChainAsync(IAuditStore store, IEnumerable<Guid> idsInWriteOrder)
    {
        var chain = (IAuditChainStore)store;
        var entries = new List<AuditChainEntry>();
        await foreach (var entry in chain.ReadChainAsync(0))
        {
            entries.Add(entry);
        }

        entries.Select(entry => entry.Record.Id).Should().Equal(idsInWriteOrder);
        entries.Select(entry => entry.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        entries.Zip(entries.Skip(1)).Should().OnlyContain(pair => pair.Second.Sequence == pair.First.Sequence + 1, "the chain has no gaps");
        var report = await new AuditVerifier(chain, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(entries.Count);
    }

    /// <summary>Records what the store asked for; with <c>staleHeads</c>, every attempt is sent with a head that cannot match.</summary>
    private sealed class RecordingAppender(IAuditBatchAppender inner, bool staleHeads) : IAuditBatchAppender
    {
        public List<AuditAppendAttempt> Attempts { get; } = [];

        public int LockedAppends { get; private set; }

        public async ValueTask<AuditAppendAttempt> TryAppendAsync(AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
        {
            var head = staleHeads ? new AuditChainPosition((expectedHead?.Sequence ?? 0) + 1000, new byte[AuditChain.HashLength]) : expectedHead;
            var attempt = await inner.TryAppendAsync(head, rows, cancellationToken);
            Attempts.Add(attempt);
            return attempt;
        }

        public int Locks { get; private set; }

        public ValueTask<AuditAppendAttempt> LockAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
        {
            Locks++;
            return inner.LockAsync(connection, transaction, ids, cancellationToken);
        }

        public Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
        {
            LockedAppends++;
            return inner.AppendAsync(connection, transaction, rows, cancellationToken);
        }
    }
}
