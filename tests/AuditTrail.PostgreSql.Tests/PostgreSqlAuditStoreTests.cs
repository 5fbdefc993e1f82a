using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>What the PostgreSQL store adds beyond the conformance suite: its schema, its index use and its encodings.</summary>
public sealed class PostgreSqlAuditStoreTests : IAsyncLifetime
{
    private TestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [PostgreSqlFact]
    public async Task InitializeAsync_CreatesTheDocumentedColumnTypesIndexesAndVersion()
    {
        var store = _schema.CreateStore();

        await store.InitializeAsync();

        var types = await TestDatabase.ColumnAsync<string>(_schema.ConnectionString,
            $"SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = '{_schema.Name}' AND table_name = 'audit_events' ORDER BY ordinal_position");
        types.Should().StartWith(["seq bigint", "id uuid", "occurred_at timestamp with time zone", "recorded_at timestamp with time zone", "actor_id text"]);
        types.Should().Contain(["changes jsonb", "metadata jsonb"]);
        (await _schema.ScalarAsync<string>($"SELECT is_identity FROM information_schema.columns WHERE table_schema = '{_schema.Name}' AND table_name = 'audit_events' AND column_name = 'seq'"))
            .Should().Be("NO", "the store assigns the chain's gap-free sequence itself");
        types.Should().Contain("hash bytea");
        types.Should().Contain("source_ip_as_hashed text");

        var indexes = await TestDatabase.ColumnAsync<string>(_schema.ConnectionString,
            $"SELECT indexname FROM pg_indexes WHERE schemaname = '{_schema.Name}' AND tablename = 'audit_events' ORDER BY indexname");
        indexes.Should().BeEquivalentTo(
            "audit_events_pkey", "audit_events_id", "audit_events_occurred", "audit_events_actor", "audit_events_action_type",
            "audit_events_resource", "audit_events_tenant", "audit_events_recorded",
            "audit_events_action", "audit_events_source_ip", "audit_events_target_user");
        (await _schema.ScalarAsync<string>($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{_schema.Name}' AND indexname = 'audit_events_search_gin'"))
            .Should().Contain("audit_events_search_rows").And.Contain("USING gin").And.Contain("gin_trgm_ops");
        types.Should().Contain(["target_user_id text", "target_user_name text", "tombstone text", "content_digest bytea"]);
        (await _schema.ScalarAsync<string>($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{_schema.Name}' AND indexname = 'audit_events_tenant'"))
            .Should().EndWith("WHERE (tenant_id IS NOT NULL)", "most rows have no tenant, and filters only ask for one");
        (await _schema.ScalarAsync<string>($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{_schema.Name}' AND indexname = 'audit_events_target_user'"))
            .Should().EndWith("WHERE (target_user_id IS NOT NULL)");
        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = '{_schema.Name}' AND p.proname = 'audit_events_search_text'"))
            .Should().Be(1, "the search text function covers the target user, and the one of v1 was dropped");

        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".audit_trail_schema WHERE table_name = 'audit_events' AND version IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)")).Should().Be(10);
        store.SchemaVersion.Should().Be(10);
    }

    [PostgreSqlFact]
    public async Task Open_VersionTableSetBackBelowAppliedSteps_FailsNamingTheTableTheVersionsAndTheStep()
    {
        await _schema.CreateStore().WriteAsync(Some.Records(3, Some.Time));
        await _schema.ExecuteAsync($"DELETE FROM \"{_schema.Name}\".audit_trail_schema WHERE table_name = 'audit_events' AND version > 8");

        var store = _schema.CreateStore();
        var failure = await FluentActions.Awaiting(() => store.GetHeadAsync()).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Contain("audit table 'audit_events' could not be migrated from schema version 8 to 10")
            .And.Contain("the step to version 9").And.Contain("42701");
        failure.Which.InnerException.Should().BeOfType<PostgresException>();
        (await _schema.ScalarAsync<int>($"SELECT max(version) FROM \"{_schema.Name}\".audit_trail_schema WHERE table_name = 'audit_events'"))
            .Should().Be(8, "the failed migration was rolled back");
    }

    [PostgreSqlTheory]
    [InlineData("tenant_id", "audit_events_tenant")]
    [InlineData("target_user_id", "audit_events_target_user")]
    public async Task EqualityFilters_UseThePartialIndexes(string column, string index)
    {
        var store = _schema.CreateStore();
        await store.WriteAsync(Some.Records(50, Some.Time));

        await using var connection = await TestDatabase.OpenUnpooledAsync(_schema.ConnectionString);
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand(
            $"EXPLAIN SELECT * FROM \"{_schema.Name}\".audit_events WHERE {column} = $1 ORDER BY occurred_at DESC, id DESC LIMIT 50", connection);
        explain.Parameters.Add(new NpgsqlParameter { Value = "t-1" });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        string.Join("\n", plan).Should().Contain(index, "equality implies NOT NULL, so the partial index serves the filter");
    }

    [PostgreSqlFact]
    public async Task Search_OfThreeCharactersOrMore_IsAnsweredFromTheTrigramIndex()
    {
        var store = _schema.CreateStore();
        await store.WriteAsync(Some.Records(50, Some.Time));
        var dialect = new PostgreSqlAuditSqlDialect(_schema.Name);
        var predicate = dialect.SearchPredicate("audit_events", "quokka", new AuditSqlParameters());

        await using var connection = await TestDatabase.OpenUnpooledAsync(_schema.ConnectionString);
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand($"EXPLAIN SELECT count(*) FROM \"{_schema.Name}\".audit_events WHERE {predicate}", connection);
        explain.Parameters.AddWithValue("p0", AuditSql.ContainsPattern("quokka"));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        string.Join("\n", plan).Should().Contain("audit_events_search_gin", "the query's search expression must be the indexed one, or the index is never used");
    }

    [PostgreSqlFact]
    public async Task UuidColumn_OrdersIdsAsTheirLowercaseText()
    {
        var store = _schema.CreateStore();
        var records = Enumerable.Range(0, 500).Select(_ => Some.Record() with { Id = Guid.NewGuid() }).ToArray();
        await store.WriteAsync(records);
        var textOrder = records.Select(record => record.Id.ToString("D")).OrderByDescending(id => id, StringComparer.Ordinal).ToList();

        var databaseOrder = await TestDatabase.ColumnAsync<string>(_schema.ConnectionString, $"SELECT id::text FROM \"{_schema.Name}\".audit_events ORDER BY id DESC");
        var storeOrder = (await store.QueryAsync(new AuditStoreQuery(AuditFilter.All, null, AuditStoreQuery.MaxLimit))).Select(record => record.Id.ToString("D"));

        databaseOrder.Should().Equal(textOrder, "a uuid compares its bytes in text order");
        storeOrder.Should().Equal(textOrder);
    }

    [PostgreSqlFact]
    public async Task Times_AreStoredAsTheSameInstants_WhateverTheSessionTimeZone()
    {
        var store = _schema.CreateStore();
        var record = Some.Record(Some.At("2025-06-01T12:00:00.123456+05:30"));
        await store.WriteAsync([record]);

        await using var connection = await TestDatabase.OpenUnpooledAsync(_schema.ConnectionString);
        await using var command = new NpgsqlCommand(
            $"SET TIME ZONE 'America/St_Johns'; SELECT occurred_at = '2025-06-01T06:30:00.123456Z'::timestamptz FROM \"{_schema.Name}\".audit_events", connection);

        ((bool)(await command.ExecuteScalarAsync())!).Should().BeTrue();
    }

    [PostgreSqlFact]
    public async Task StoredRecords_CannotBeUpdated()
    {
        var store = _schema.CreateStore();
        await store.WriteAsync([Some.Record()]);

        var update = () => _schema.ExecuteAsync($"UPDATE \"{_schema.Name}\".audit_events SET description = 'rewritten'");

        (await update.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().StartWith("audit records are append-only", "only a tombstoning or an erasure may rewrite a row");
    }

    [PostgreSqlFact]
    public async Task TextThatPostgreSqlCannotHold_IsStoredAsReplacementCharacters_AndStillFound()
    {
        var store = _schema.CreateStore();
        var record = Some.Record() with
        {
            Actor = AuditActor.User("nul\0id", "bad \uD800 surrogate"),
            Description = "a\0b",
            Changes = [new AuditFieldChange("f\0", "\0", "\uDC00")],
            Metadata = Some.Metadata(("k\0", "v\0")),
        };

        await store.WriteAsync([record]);

        var stored = await store.GetAsync(record.Id);
        stored!.Actor.Id.Should().Be("nul\uFFFDid");
        stored.Actor.DisplayName.Should().Be("bad \uFFFD surrogate");
        stored.Description.Should().Be("a\uFFFDb");
        stored.Changes.Should().Equal(new AuditFieldChange("f\uFFFD", "\uFFFD", "\uFFFD"));
        stored.Metadata.Should().Equal(new Dictionary<string, string> { ["k\uFFFD"] = "v\uFFFD" });
        (await store.CountAsync(new AuditFilter { ActorIds = ["nul\0id"] })).Should().Be(1, "filters are adapted the same way as stored values");
        (await store.CountAsync(new AuditFilter { Search = "a\0b" })).Should().Be(1);
    }

    [PostgreSqlFact]
    public async Task PurgeAsync_FromTwoInstancesAtOnce_DeletesEachOldRecordOnce()
    {
        var first = _schema.CreateStore();
        var second = _schema.CreateStore();
        var old = Some.Records(400, i => Some.Micros(Some.BaseTime, i));
        var recent = Some.Records(50, i => Some.Time(3600 + i));
        await first.WriteAsync([.. old, .. recent]);

        async Task<int> PurgeAllAsync(IAuditStore store)
        {
            var total = 0;
            int deleted;
            while ((deleted = await store.PurgeAsync(Some.Time(60), 25)) > 0)
            {
                deleted.Should().BeLessThanOrEqualTo(25);
                total += deleted;
            }

            return total;
        }

        var totals = await Task.WhenAll(Task.Run(() => PurgeAllAsync(first)), Task.Run(() => PurgeAllAsync(second)));

        totals.Sum().Should().Be(old.Length);
        (await first.CountAsync(AuditFilter.All)).Should().Be(recent.Length);
    }
}
