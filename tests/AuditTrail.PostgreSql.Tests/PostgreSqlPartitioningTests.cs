using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The partitioned layout: months, the default partition, dropping whole months, converting a table, plans.</summary>
public sealed class PostgreSqlPartitioningTests : SchemaTest
{
    private static readonly DateTimeOffset March = new(2025, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new(March);

    [Fact]
    public async Task Write_SpreadOverMonths_LandsInMonthPartitions_AndFarDatesInTheDefault()
    {
        var store = Partitioned(monthsAhead: 2);
        var records = new[]
        {
            Some.Record(March), Some.Record(March.AddMonths(1)), Some.Record(March.AddMonths(2)),
            Some.Record(March.AddYears(-5)), Some.Record(March.AddYears(1)),
        };
        await store.WriteAsync(records);

        (await PartitionOfEachAsync()).Should().Equal(
            "audit_events_default", "audit_events_default", "audit_events_p202503", "audit_events_p202504", "audit_events_p202505");
        (await store.CountAsync(AuditFilter.All)).Should().Be(5);
        (await store.QueryAsync(new AuditStoreQuery(AuditFilter.All, null, 10))).Select(r => r.Id)
            .Should().Equal(records.OrderByDescending(r => r.OccurredAt).Select(r => r.Id));
        await ShouldVerifyAsync(store, rows: 5);
    }

    [Fact]
    public async Task Purge_DropsWholeMonthsBeforeTheCutoff_WithTheAnchor_AndTheRestVerifies()
    {
        var store = Partitioned();
        await store.WriteAsync([.. Enumerable.Range(0, 3).Select(i => Some.Record(March.AddHours(i)))]);
        await store.WriteAsync([.. Enumerable.Range(0, 3).Select(i => Some.Record(March.AddMonths(1).AddHours(i)))]);
        await store.WriteAsync([.. Enumerable.Range(0, 2).Select(i => Some.Record(March.AddMonths(2).AddHours(i)))]);

        var purged = await store.PurgeAsync(new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), maxRows: 1);

        purged.Should().Be(6, "March and April go whole, whatever maxRows says");
        (await MonthsAsync()).Should().NotContain(["audit_events_p202503", "audit_events_p202504"]).And.Contain("audit_events_p202505");
        (await store.GetAnchorAsync())!.Sequence.Should().Be(6);
        (await store.CountAsync(AuditFilter.All)).Should().Be(2);
        await ShouldVerifyAsync(store, rows: 2);
    }

    [Fact]
    public async Task Purge_MonthWithAnEarlierLinkOutsideIt_IsNotDroppedWhole_TheRowPurgeDecides()
    {
        var store = Partitioned();
        var april = Some.Record(March.AddMonths(1));
        await store.WriteAsync([april, Some.Record(March), Some.Record(March.AddHours(1))]);

        (await store.PurgeAsync(new DateTimeOffset(2025, 4, 2, 0, 0, 0, TimeSpan.Zero), maxRows: 100)).Should().Be(0,
            "the chain starts with an April record that must stay, so nothing of March may go before it");
        (await MonthsAsync()).Should().Contain("audit_events_p202503");

        (await store.PurgeAsync(new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), maxRows: 100)).Should().Be(3, "the row purge takes the prefix");
        (await MonthsAsync()).Should().Contain("audit_events_p202503", "the month was blocked when the pass looked at it");

        (await store.PurgeAsync(new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), maxRows: 100)).Should().Be(0);
        (await MonthsAsync()).Should().NotContain(["audit_events_p202503", "audit_events_p202504"], "the next pass drops the emptied months");
        await ShouldVerifyAsync(store, rows: 0);
    }

    [Fact]
    public async Task Purge_AsTheClockMoves_CreatesMonthsAhead_AndMovesTheirRowsOutOfTheDefault()
    {
        var store = Partitioned(monthsAhead: 1);
        var july = Some.Record(new DateTimeOffset(2025, 7, 10, 0, 0, 0, TimeSpan.Zero));
        await store.WriteAsync([Some.Record(March), july]);
        (await PartitionOfEachAsync()).Should().Equal("audit_events_default", "audit_events_p202503");

        _clock.Set(new DateTimeOffset(2025, 6, 20, 0, 0, 0, TimeSpan.Zero));
        (await store.PurgeAsync(March.AddYears(-1), maxRows: 10)).Should().Be(0);

        (await MonthsAsync()).Should().Contain(["audit_events_p202506", "audit_events_p202507"]);
        (await PartitionOfEachAsync()).Should().Equal("audit_events_p202503", "audit_events_p202507");
        (await store.GetAsync(july.Id)).Should().NotBeNull();
        await ShouldVerifyAsync(store, rows: 2);
    }

    [Fact]
    public async Task Initialize_OnAnExistingTable_ConvertsIt_KeepingEveryRowAndTheChain()
    {
        var plain = Schema.CreateStore();
        var records = Enumerable.Range(0, 6).Select(i => Some.Record(March.AddMonths(i - 4).AddDays(i))).ToArray();
        await plain.WriteAsync(records);
        var head = await plain.GetHeadAsync();
        await plain.PurgeAsync(records[1].OccurredAt.AddTicks(10), maxRows: 10);
        await plain.DisposeAsync();

        var store = Partitioned();
        await store.InitializeAsync();

        (await Schema.ScalarAsync<char>($"SELECT relkind FROM pg_class WHERE oid = '\"{Schema.Name}\".audit_events'::regclass")).Should().Be('p');
        (await store.GetHeadAsync()).Should().BeEquivalentTo(head);
        (await store.GetAnchorAsync())!.Sequence.Should().Be(2);
        (await store.CountAsync(AuditFilter.All)).Should().Be(4);
        (await PartitionOfEachAsync()).Should().Equal("audit_events_p202501", "audit_events_p202502", "audit_events_p202503", "audit_events_p202504");
        await ShouldVerifyAsync(store, rows: 4);

        await store.WriteAsync([records[5], Some.Record(March)]);
        (await store.CountAsync(AuditFilter.All)).Should().Be(5, "a stored id is still skipped without a unique index on id");
        await ShouldVerifyAsync(store, rows: 5);
    }

    [Fact]
    public async Task Initialize_WhenRebuildingTheTableOutlastsTheCommandTimeout_ConvertsItAnyway()
    {
        var plain = Schema.CreateStore();
        await plain.WriteAsync([.. Enumerable.Range(0, 10).Select(i => Some.Record(March.AddDays(-i)))]);
        await plain.DisposeAsync();

        // An index that takes 0.2 s a row to build: rebuilding the table's indexes over its ten rows outlasts the timeout,
        // as copying millions of rows and building their indexes does.
        var table = $"\"{Schema.Name}\".audit_events";
        await Schema.ExecuteAsync(
            $"CREATE FUNCTION \"{Schema.Name}\".slow_key(uuid) RETURNS uuid LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN $1; END $$");
        await Schema.ExecuteAsync($"CREATE INDEX audit_events_slow ON {table} (\"{Schema.Name}\".slow_key(id))");

        // The shortest command timeout Npgsql takes: copying the rows and building the indexes each outlast it.
        var connectionString = new NpgsqlConnectionStringBuilder(Schema.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var options = new PostgreSqlAuditStoreOptions { Schema = Schema.Name, Partitioning = new PostgreSqlPartitioningOptions() };
        await using var store = new PostgreSqlAuditStore(NpgsqlDataSource.Create(connectionString), options, ownsDataSource: true, batchedWrites: true, _clock);
        await store.InitializeAsync();

        (await Schema.ScalarAsync<char>($"SELECT relkind FROM pg_class WHERE oid = '{table}'::regclass")).Should().Be('p');
        (await store.CountAsync(AuditFilter.All)).Should().Be(10);
        // This schema's indexes first: pg_indexes would describe every index in the database, and one that another test
        // drops meanwhile fails the description ("could not open relation").
        (await Schema.ScalarAsync<long>(
            $"WITH mine AS MATERIALIZED (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{Schema.Name}' AND c.relkind IN ('i', 'I')) " +
            "SELECT count(*) FROM mine WHERE pg_get_indexdef(mine.oid) LIKE '%slow_key%'"))
            .Should().BeGreaterThan(0, "the slow index was built again on the partitioned table");
        await ShouldVerifyAsync(store, rows: 10);
    }

    [Fact]
    public async Task Initialize_Twice_RecordsTheLayoutOnceUnderItsOwnKey_OutsideTheSchemaVersions()
    {
        var store = Partitioned();
        await store.InitializeAsync();
        await Partitioned().InitializeAsync();

        var keys = await TestDatabase.ColumnAsync<string>(Schema.ConnectionString,
            $"SELECT table_name || '/' || version FROM \"{Schema.Name}\".audit_trail_schema WHERE table_name LIKE 'audit_events:%'");
        keys.Should().Equal("audit_events:partitioned/1");
        (await Schema.ScalarAsync<int>($"SELECT max(version) FROM \"{Schema.Name}\".audit_trail_schema WHERE table_name = 'audit_events'"))
            .Should().Be(store.SchemaVersion);
    }

    [Theory]
    [InlineData("first page", "ORDER BY occurred_at DESC, id DESC LIMIT 50")]
    [InlineData("actor filter", "WHERE actor_id = 'u1' ORDER BY occurred_at DESC, id DESC LIMIT 50")]
    [InlineData("time range", "WHERE occurred_at >= '2025-03-01' AND occurred_at < '2025-03-20' ORDER BY occurred_at DESC, id DESC LIMIT 50")]
    [InlineData("by id", "WHERE id = '00000000-0000-0000-0000-000000000001'")]
    [InlineData("feed by seq", "WHERE seq > 3 ORDER BY seq LIMIT 100")]
    [InlineData("chain head", "ORDER BY seq DESC LIMIT 1")]
    public async Task Plans_ReachEveryPartitionThroughAnIndex(string what, string clause)
    {
        var store = Partitioned();
        await store.WriteAsync([Some.Record(March), Some.Record(March.AddMonths(1)), Some.Record(March.AddYears(2))]);

        // With sequential scans priced out, any Seq Scan left in the plan is one no index can replace.
        await using var connection = await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);
        await using var command = new Npgsql.NpgsqlCommand(
            $"SET enable_seqscan = off; EXPLAIN SELECT * FROM \"{Schema.Name}\".audit_events {clause}", connection);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        plan.Should().NotContain(line => line.Contains("Seq Scan"), $"the {what} must not scan a partition");
    }

    [Fact]
    public async Task Initialize_WhenTheDefaultPartitionsNameIsTakenByAnotherTable_FailsNamingIt_NotAtTheFirstFarDatedWrite()
    {
        // Another store of the schema whose table has the default partition's name.
        var other = Schema.CreateStore(options => options.TableName = "audit_events_default");
        await other.WriteAsync([Some.Record(March)]);
        var store = Partitioned();

        var failure = (await store.Invoking(s => s.InitializeAsync()).Should().ThrowAsync<InvalidOperationException>()).Which;

        failure.Message.Should().Contain($"\"{Schema.Name}\".\"audit_events_default\"").And.Contain("not the default partition")
            .And.Contain(nameof(PostgreSqlAuditStoreOptions.TableName));
        (await other.CountAsync(AuditFilter.All)).Should().Be(1, "the other table is left as it was");
    }

    [Fact]
    public async Task Initialize_MonthDetachedByHand_StartsWritesAndPurges_AndVerifyReportsTheMissingRows()
    {
        var store = Partitioned();
        await store.WriteAsync([Some.Record(March.AddMonths(-1))]);
        await store.WriteAsync([Some.Record(March)]);
        await store.WriteAsync([Some.Record(March.AddMonths(1))]);
        await Schema.ExecuteAsync($"ALTER TABLE \"{Schema.Name}\".audit_events DETACH PARTITION \"{Schema.Name}\".audit_events_p202503");

        var restarted = Partitioned();
        await restarted.InitializeAsync();
        await restarted.WriteAsync([Some.Record(March.AddHours(1))]);
        (await restarted.PurgeAsync(March.AddYears(-1), maxRows: 10)).Should().Be(0);

        (await PartitionOfEachAsync()).Should().Contain("audit_events_default", "March has no partition while its table is detached");
        var report = await new AuditVerifier(restarted, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeFalse();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.MissingRow);
    }

    [Fact]
    public async Task Initialize_ClockInTheLastMonthsOfYear9999_CreatesMonthsThroughNovember_AndWrites()
    {
        _clock.Set(new DateTimeOffset(9999, 10, 15, 0, 0, 0, TimeSpan.Zero));
        var store = Partitioned();
        var last = Some.Record(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow()), last]);
        _clock.Set(new DateTimeOffset(9999, 12, 20, 0, 0, 0, TimeSpan.Zero));
        (await store.PurgeAsync(March, maxRows: 10)).Should().Be(0);

        (await MonthsAsync()).Should().Equal("audit_events_default", "audit_events_p999910", "audit_events_p999911");
        (await store.CountAsync(AuditFilter.All)).Should().Be(2);
    }

    [Fact]
    public async Task Purge_WhileAReaderTransactionHoldsTheTable_GivesUpTheDropAfterTheLockTimeout_PurgesRowByRow_WritersGoOn_AndTheNextPassDrops()
    {
        var warnings = new CapturingLoggerProvider();
        var store = new PostgreSqlAuditStore(Schema.DataSource(), new PostgreSqlAuditStoreOptions { Schema = Schema.Name, Partitioning = new() },
            ownsDataSource: false, batchedWrites: true, _clock, warnings.CreateLogger(nameof(PostgreSqlAuditStore)));
        await store.WriteAsync([.. Enumerable.Range(0, 3).Select(i => Some.Record(March.AddHours(i)))]);
        await store.WriteAsync([Some.Record(March.AddMonths(1))]);

        // Retention's clock stands in April: 10 days before the newest record (April 15) puts the cutoff after March.
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider(March.AddMonths(1).AddDays(5)));
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(10);
            o.Retention.BatchSize = 1;
        }).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();
        var retention = provider.GetRequiredService<IAuditRetention>();

        // A long read (an export, a verification) keeps its lock on the table until its transaction ends.
        await using var reader = new NpgsqlConnection(Schema.ConnectionString);
        await reader.OpenAsync();
        await using var readTransaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand($"SELECT count(*) FROM \"{Schema.Name}\".audit_events", reader, readTransaction))
        {
            (await read.ExecuteScalarAsync()).Should().Be(4L);
        }

        var pass = retention.PurgeAsync();
        var write = store.WriteAsync([Some.Record(March.AddMonths(1).AddHours(1))]);

        (await pass).Should().Be(3, "the drop gave up on the reader's lock, and the pass purged March row by row instead");
        await write.WaitAsync(TimeSpan.FromSeconds(5));
        warnings.Entries.Should().ContainSingle("the fallback is logged once a pass, not once a batch").Which.Message
            .Should().Contain("audit_events_p202503").And.Contain("row by row").And.Contain("next");
        (await MonthsAsync()).Should().Contain("audit_events_p202503", "the month was not dropped");
        (await store.GetAnchorAsync())!.Sequence.Should().Be(3);
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events WHERE action = 'audit.purged'")).Should().Be(1);
        (await Schema.ScalarAsync<string>($"SELECT metadata->>'purged_count' FROM \"{Schema.Name}\".audit_events WHERE action = 'audit.purged'")).Should().Be("3");
        await ShouldVerifyAsync(store, rows: 3);

        await readTransaction.CommitAsync();
        (await retention.PurgeAsync()).Should().Be(0, "nothing else is old enough");
        (await MonthsAsync()).Should().NotContain("audit_events_p202503", "the next pass drops the emptied month");
        warnings.Entries.Should().HaveCount(1);
        await ShouldVerifyAsync(store, rows: 3);
    }

    [Fact]
    public async Task Open_InALaterMonthWhileAReaderTransactionHoldsTheTable_GivesUpTheMonthsAheadAfterTheLockTimeout_WritesGoOn_AndTheNextOpenCreatesThem()
    {
        await Partitioned().WriteAsync([Some.Record(March)]);

        // A long read (an export, a verification) keeps its lock on the table until its transaction ends.
        await using var reader = new NpgsqlConnection(Schema.ConnectionString);
        await reader.OpenAsync();
        await using var readTransaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand($"SELECT count(*) FROM \"{Schema.Name}\".audit_events", reader, readTransaction))
        {
            (await read.ExecuteScalarAsync()).Should().Be(1L);
        }

        // A process started in September (the command line, an application after the summer) finds its months missing.
        var september = new ManualTimeProvider(March.AddMonths(6));
        var later = Schema.CreateStore(batchedWrites: true, options => options.Partitioning = new PostgreSqlPartitioningOptions(), september);
        await later.WriteAsync([Some.Record(september.GetUtcNow())]).WaitAsync(TimeSpan.FromSeconds(20));

        (await MonthsAsync()).Should().NotContain("audit_events_p202509", "creating a month waits for the reader; the open gave it up");
        await readTransaction.CommitAsync();

        var next = Schema.CreateStore(batchedWrites: true, options => options.Partitioning = new PostgreSqlPartitioningOptions(), september);
        await next.WriteAsync([Some.Record(september.GetUtcNow().AddMinutes(1))]);
        (await MonthsAsync()).Should().Contain(["audit_events_p202509", "audit_events_p202512"], "the next open creates the months ahead");
        (await PartitionOfEachAsync()).Should().Equal("audit_events_p202503", "audit_events_p202509", "audit_events_p202509");
        await ShouldVerifyAsync(next, rows: 3);
    }

    private PostgreSqlAuditStore Partitioned(int monthsAhead = 3) =>
        Schema.CreateStore(batchedWrites: true, options => options.Partitioning = new PostgreSqlPartitioningOptions { MonthsAhead = monthsAhead }, _clock);

    private static async Task ShouldVerifyAsync(PostgreSqlAuditStore store, long rows)
    {
        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(rows);
    }

    private Task<List<string>> PartitionOfEachAsync() => TestDatabase.ColumnAsync<string>(Schema.ConnectionString,
        $"SELECT c.relname::text FROM \"{Schema.Name}\".audit_events AS e JOIN pg_class AS c ON c.oid = e.tableoid ORDER BY 1");

    private Task<List<string>> MonthsAsync() => TestDatabase.ColumnAsync<string>(Schema.ConnectionString,
        $"SELECT c.relname::text FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid " +
        $"WHERE i.inhparent = '\"{Schema.Name}\".audit_events'::regclass ORDER BY 1");
}
