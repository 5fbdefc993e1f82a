using System.Data.Common;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;
using Npgsql;
using static AuditTrail.PostgreSql.Tests.Support.ChainExpectations;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The one-round-trip append that links the rows in the database: many instances share one gap-free chain that the
/// library's verifier accepts, a retried batch writes only what is missing, a purge's anchor is continued, and a head
/// altered outside the library stops the write. A batch of one runs the one-row statement and a larger batch the
/// multi-row one; the tests write both.
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
    public async Task FourInstancesWritingAtOnce_ShareOneChain_WithoutGaps_AndItVerifies()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Schema.CreateStore()).ToArray();
        var batches = stores.Select((_, s) => Enumerable.Range(0, 25).Select(b => Some.Records(1 + (b % 7), seconds => Some.Time((s * 1000) + (b * 10) + seconds))).ToArray()).ToArray();

        await Task.WhenAll(stores.Select((store, s) => Task.Run(async () =>
        {
            foreach (var batch in batches[s])
            {
                await store.WriteAsync(batch);
            }
        })));

        var written = batches.SelectMany(perStore => perStore.SelectMany(batch => batch)).Select(record => record.Id).ToHashSet();
        var entries = await ReadChainAsync(stores[0]);
        entries.Select(entry => entry.Record.Id).Should().BeEquivalentTo(written);
        entries.Select(entry => entry.Sequence).Should().Equal(Enumerable.Range(1, written.Count).Select(n => (long)n));
        await ExpectValidAsync(stores[0], written.Count);
    }

    [PostgreSqlFact]
    public async Task LinksComputedByTheServer_AreTheLibrarysOwn_ForEveryEncoding()
    {
        var store = Schema.CreateStore();
        var records = new[]
        {
            Some.FullRecord(),
            Some.SparseRecord(Some.Time(1)),
            Some.Record(Some.Time(2)) with { TargetUser = null },
            Some.FullRecord() with { Id = Guid.CreateVersion7(), TargetUser = null },
        };

        // The first row by the one-row statement, the others by the multi-row one.
        await store.WriteAsync(records[..1]);
        await store.WriteAsync(records[1..]);

        var entries = await ReadChainAsync(store);
        entries.Should().HaveCount(records.Length);
        var previous = AuditChain.GenesisHash.ToArray();
        foreach (var entry in entries)
        {
            entry.Hash.Should().Equal(AuditChain.ComputeHash(previous, entry.Sequence, entry.Record), "sequence {0} is linked as AuditChain links it", entry.Sequence);
            previous = entry.Hash;
        }

        entries.Select(entry => AuditChain.EncodingVersionOf(entry.Record)).Should().Contain([AuditChain.EncodingVersion, AuditChain.TargetUserEncodingVersion]);
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

    [PostgreSqlTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task BatchWhollyStored_WritesNothing(int size)
    {
        var records = Some.Records(size, Some.Time);
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

        var later = Some.Records(3, seconds => Some.Time(200 + seconds));
        await Schema.CreateStore().WriteAsync(later[..1]);
        await first.WriteAsync(later[1..]);

        (await first.GetHeadAsync())!.Sequence.Should().Be(6, "the purged rows keep their sequence numbers");
        await ExpectChainAsync(first, later.Select(record => record.Id));
    }

    [PostgreSqlFact]
    public async Task Append_SkipsStoredIds_AndSaysWhatItWrote_AndTheHeadAfter()
    {
        var store = Schema.CreateStore();
        var stored = Some.Records(2, Some.Time);
        await store.WriteAsync(stored);
        var fresh = Some.Records(2, seconds => Some.Time(10 + seconds));
        var recording = new RecordingAppender(new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource())));
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });

        await relational.WriteAsync([fresh[0], stored[1], fresh[0], fresh[1]]);

        recording.Rows.Should().Equal([3], "a record repeated in the batch is sent once");
        var result = recording.Results.Should().ContainSingle().Subject;
        result.Written.Should().Be(2);
        result.StoredIds.Should().Equal(stored[1].Id);
        result.Head.Should().BeEquivalentTo(await store.GetHeadAsync());
        result.Head!.Sequence.Should().Be(4);
        await ExpectChainAsync(store, [stored[0].Id, stored[1].Id, fresh[0].Id, fresh[1].Id]);
    }

    [PostgreSqlFact]
    public async Task AppendOfOne_SaysWhatItWrote_AndTheHeadAfter_OrThatItsIdIsStored()
    {
        var store = Schema.CreateStore();
        var records = Some.Records(2, Some.Time);
        var appender = new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource()));
        var recording = new RecordingAppender(appender);
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });

        await relational.WriteAsync(records[..1]);
        await relational.WriteAsync(records[..1]);
        await relational.WriteAsync(records[1..]);

        recording.Rows.Should().Equal([1, 1, 1]);
        recording.Results.Select(result => result.Written).Should().Equal([1, 0, 1]);
        recording.Results.Select(result => result.StoredIds.Count).Should().Equal([0, 1, 0]);
        recording.Results[1].StoredIds.Should().Equal(records[0].Id);
        recording.Results.Select(result => result.Head!.Sequence).Should().Equal([1, 1, 2], "a stored id takes no sequence number, and the head is said either way");
        recording.Results[1].Head!.Hash.Should().Equal(recording.Results[0].Head!.Hash);
        recording.Results[2].Head.Should().BeEquivalentTo(await store.GetHeadAsync());
        await ExpectChainAsync(store, records.Select(record => record.Id));
    }

    [PostgreSqlTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HeadAlteredOutsideTheLibrary_TheWriteFails_AndWritesNothing(int size)
    {
        var store = Schema.CreateStore();
        await store.WriteAsync(Some.Records(2, Some.Time));
        await Schema.ExecuteAsync($"DROP TRIGGER audit_events_append_only ON \"{Schema.Name}\".audit_events");
        await Schema.ExecuteAsync($"UPDATE \"{Schema.Name}\".audit_events SET hash = '\\x0102'::bytea WHERE seq = 2");

        var write = () => Schema.CreateStore().WriteAsync(Some.Records(size, seconds => Some.Time(10 + seconds)));

        (await write.Should().ThrowAsync<InvalidDataException>()).WithMessage("*sequence 2*altered outside AuditTrail*");
        (await store.CountAsync(new AuditFilter())).Should().Be(2);
    }

    [PostgreSqlTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task AnAppendTheServerRefuses_LeavesNoTransactionOpen_NorTheChainLockTaken_AndTheNextWriteSucceeds(int size)
    {
        var application = $"refused-append-{size}";
        var store = new PostgreSqlAuditStore(Schema.DataSource(application), new PostgreSqlAuditStoreOptions { Schema = Schema.Name, IndexSearchInBackground = false });
        await using var _ = store;
        var records = Some.Records(3, Some.Time);
        await store.WriteAsync(records[..1]);
        await Schema.ExecuteAsync($"""
            CREATE FUNCTION "{Schema.Name}".refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.action = 'refused.by.test' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_marked BEFORE INSERT ON "{Schema.Name}".audit_events FOR EACH ROW EXECUTE FUNCTION "{Schema.Name}".refuse_marked();
            """);
        var refused = Some.Records(size, seconds => Some.Time(10 + seconds)).Select(record => record with { Action = "refused.by.test" }).ToArray();

        var write = () => store.WriteAsync(refused);

        (await write.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("refused by the test");
        (await TestDatabase.ColumnAsync<int>(Schema.ConnectionString, $"SELECT pid FROM pg_stat_activity WHERE application_name = '{application}' AND state LIKE 'idle in transaction%'"))
            .Should().BeEmpty("the refused append's transaction is rolled back with its connection");
        await Schema.CreateStore().WriteAsync(records[1..2]);
        await store.WriteAsync(records[2..]);
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

    [PostgreSqlFact]
    public async Task LargestBatch_WithStoredIdsScattered_IsLinkedInOneStatement_AndVerifies()
    {
        // 10 000 is the most AuditTrailOptions.MaxBatchSize allows; linking it once took longer than the command
        // timeout, since every step of the chain scanned the whole batch.
        var store = Schema.CreateStore();
        var records = Some.Records(10_000, seconds => Some.Time(seconds));
        var stored = records.Where((_, i) => i % 997 == 5).ToArray();
        await store.WriteAsync(stored);
        var recording = new RecordingAppender(new PostgreSqlBatchAppender(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource())));
        var relational = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = recording });

        await relational.WriteAsync(records);

        var result = recording.Results.Should().ContainSingle().Subject;
        result.Written.Should().Be(records.Length - stored.Length);
        result.StoredIds.Should().BeEquivalentTo(stored.Select(record => record.Id));
        result.Head!.Sequence.Should().Be(records.Length);
        await ExpectChainAsync(store, stored.Select(record => record.Id).Concat(records.Except(stored).Select(record => record.Id)));
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);

    /// <summary>Records what the store sent and what the appender answered.</summary>
    private sealed class RecordingAppender(IAuditBatchAppender inner) : IAuditBatchAppender
    {
        public List<int> Rows { get; } = [];

        public List<AuditBatchAppendResult> Results { get; } = [];

        public async ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default)
        {
            Rows.Add(rows.Count);
            var result = await inner.AppendAsync(rows, cancellationToken);
            Results.Add(result);
            return result;
        }
    }
}
