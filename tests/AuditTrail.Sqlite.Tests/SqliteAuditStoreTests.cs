using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>What the conformance suite cannot see: pragmas, the file on disk, several processes, the search index.</summary>
public sealed class SqliteAuditStoreTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(SqliteSynchronousMode.Full, 2)]
    [InlineData(SqliteSynchronousMode.Normal, 1)]
    public async Task Connections_UseWalTheSynchronousModeTheBusyTimeoutAndTheCheckpointSize(SqliteSynchronousMode mode, long expectedSynchronous)
    {
        var store = _database.CreateStore(options =>
        {
            options.Synchronous = mode;
            options.BusyTimeout = TimeSpan.FromMilliseconds(2_500);
            options.WalCheckpointPages = 1_234;
        });
        await store.InitializeAsync();

        await using (var connection = await store.OpenConfiguredConnectionAsync(CancellationToken.None))
        {
            Pragma(connection, "synchronous").Should().Be(expectedSynchronous);
            Pragma(connection, "busy_timeout").Should().Be(2_500L);
            Pragma(connection, "wal_autocheckpoint").Should().Be(1_234L);
        }

        // Journal mode is a property of the file: a connection of another process sees it too.
        _database.Scalar<string>("PRAGMA journal_mode").Should().Be("wal");
    }

    [Fact]
    public async Task Connections_PooledAndReused_KeepTheirSettings()
    {
        var store = _database.CreateStore(options => options.Synchronous = SqliteSynchronousMode.Full);
        await store.InitializeAsync();

        for (var i = 0; i < 3; i++)
        {
            await using var connection = await store.OpenConfiguredConnectionAsync(CancellationToken.None);
            Pragma(connection, "synchronous").Should().Be(2L);
        }

        store.ConnectionString.Should().Contain("Pooling=True");
    }

    [Fact]
    public async Task QueryAsync_ReadsOnPooledRawConnections_KeepsAFewIdle_SeesLaterCommits_AndDisposeClosesThem()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Some.Records(3, Some.Time));
        var everything = new AuditStoreQuery(new AuditFilter(), null, 100);

        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.QueryAsync(everything))));

        pages.Should().AllSatisfy(page => page.Should().HaveCount(3));
        store.IdleReadConnections.Should().BeInRange(1, 4, "the pool keeps at most four idle read connections");

        // An idle connection holds no read snapshot: the next query sees what was committed meanwhile.
        await store.WriteAsync(Some.Records(2, i => Some.Time(i + 10)));
        (await store.QueryAsync(everything)).Should().HaveCount(5);

        await store.DisposeAsync();
        store.IdleReadConnections.Should().Be(0);
    }

    [Fact]
    public async Task RawReadConnections_KeepAtMostFourIdle_AndAfterDisposeCloseOnReturn()
    {
        await _database.CreateStore().InitializeAsync();
        var connections = new SqliteConnectionFactory(new SqliteAuditStoreOptions { DatabasePath = _database.Path });
        var rented = Enumerable.Range(0, 6).Select(_ => connections.RentRawReadOnly()!).ToList();

        rented.ForEach(connections.ReturnRawReadOnly);

        connections.IdleRawConnections.Should().Be(4);
        rented.Count(db => db.IsClosed).Should().Be(2, "the two returned past the limit are closed");
        var again = connections.RentRawReadOnly();
        again.Should().BeSameAs(rented[0], "an idle connection is reused before a new one is opened");

        connections.Dispose();
        connections.IdleRawConnections.Should().Be(0);
        rented.Skip(1).Should().OnlyContain(db => db.IsClosed, "dispose closes the idle ones (the first is rented again)");
        connections.ReturnRawReadOnly(again!);
        again!.IsClosed.Should().BeTrue("one returned after dispose is closed");
    }

    [Fact]
    public async Task WriteAsync_CommittedRows_AreVisibleFromASeparateConnection()
    {
        var store = _database.CreateStore();
        var records = Some.Records(3, Some.Time);

        await store.WriteAsync(records);

        using var connection = _database.OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM audit_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        ids.Should().Equal(records.Select(record => record.Id.ToString("D")));
    }

    [Fact]
    public async Task Schema_StoresUtcMicrosecondsEnumNamesLowercaseIdsAndJson()
    {
        var store = _database.CreateStore();
        var record = Some.FullRecord() with { OccurredAt = Some.At("2025-06-01T12:00:00.123456+02:00") };

        await store.WriteAsync([record]);

        using var connection = _database.OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, occurred_at, actor_type, action_type, outcome, json_type(changes), json_type(metadata), " +
            "json_extract(changes, '$[1].old'), json_extract(metadata, '$.ключ'), typeof(occurred_at) FROM audit_events";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetString(0).Should().Be(record.Id.ToString("D")).And.Be(reader.GetString(0).ToLowerInvariant());
        reader.GetInt64(1).Should().Be(Some.At("2025-06-01T10:00:00.123456Z").ToUnixTimeMilliseconds() * 1000 + 456);
        reader.GetString(2).Should().Be("ApiKey");
        reader.GetString(3).Should().Be("Update");
        reader.GetString(4).Should().Be("Failure");
        reader.GetString(5).Should().Be("array");
        reader.GetString(6).Should().Be("object");
        reader.IsDBNull(7).Should().BeTrue("a null old value is JSON null");
        reader.GetString(8).Should().Be("значение");
        reader.GetString(9).Should().Be("integer");
    }

    [Fact]
    public async Task Seq_KeepsIncreasingAfterAPurgeEmptiesTheTable()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Some.Records(3, Some.Time));
        await store.PurgeAsync(Some.Time(100), 10);

        await store.WriteAsync([Some.Record(Some.Time(200))]);

        _database.Scalar<long>("SELECT MIN(seq) FROM audit_events").Should().Be(4);
    }

    [Fact]
    public async Task WriteAsync_RowRejectedByTheDatabase_RollsBackTheWholeBatch()
    {
        // Indexed by hand: a background pass could run at any time, so its count would say nothing.
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var stored = Some.Record(Some.Time(0)) with { Description = "stored before" };
        await store.WriteAsync([stored]);
        (await store.UpdateSearchIndexAsync()).Should().Be(1);
        _database.Execute(
            "CREATE TRIGGER reject_boom BEFORE INSERT ON audit_events WHEN NEW.action = 'boom' " +
            "BEGIN SELECT RAISE(ABORT, 'boom rejected'); END");
        var first = Some.Record(Some.Time(1)) with { Description = "Platypus first" };
        var second = Some.Record(Some.Time(2)) with { Description = "Platypus second" };
        var rejected = Some.Record(Some.Time(3)) with { Action = "boom" };

        var write = () => store.WriteAsync([first, stored, second, rejected]);

        (await write.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("boom rejected");
        (await store.CountAsync(AuditFilter.All)).Should().Be(1);
        (await store.CountAsync(new AuditFilter { Search = "platypus" })).Should().Be(0);
        (await store.UpdateSearchIndexAsync()).Should().Be(0, "the rolled-back batch left no row to index");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH 'Platypus'").Should().Be(0);
    }

    [Fact]
    public async Task StoresOnOneFile_InitializingConcurrently_CreateTheSchemaOnce()
    {
        // Different connection strings give each store its own pool, as separate processes would have.
        SqliteAuditStore[] stores =
        [
            _database.CreateStore(),
            _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path};Pooling=False" })),
            _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path};Foreign Keys=False" })),
            _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path};Recursive Triggers=False" })),
        ];
        using var start = new Barrier(stores.Length);

        await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait();
            await store.InitializeAsync();
        })));

        _database.Scalar<long>("SELECT count(*) FROM audit_trail_schema WHERE table_name = 'audit_events'").Should().Be(stores[0].SchemaVersion, "each migration is recorded once");
        _database.Scalar<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'audit_events'").Should().Be(1);
    }

    [Fact]
    public async Task StoresOnOneFile_WritingConcurrently_StoreEveryRecordOnce()
    {
        var one = _database.CreateStore();
        var two = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path};Pooling=False" }));
        var shared = Some.Records(10, i => Some.Time(1_000 + i));
        var ownOne = Enumerable.Range(0, 20).Select(b => Some.Records(10, i => Some.Time((b * 10) + i))).ToArray();
        var ownTwo = Enumerable.Range(0, 20).Select(b => Some.Records(10, i => Some.Time(500 + (b * 10) + i))).ToArray();
        using var start = new Barrier(2);

        async Task WriteAll(SqliteAuditStore store, AuditRecord[][] batches)
        {
            start.SignalAndWait();
            foreach (var batch in batches)
            {
                await store.WriteAsync([.. batch, .. shared]);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAll(one, ownOne)), Task.Run(() => WriteAll(two, ownTwo)));

        var expected = ownOne.Concat(ownTwo).SelectMany(batch => batch).Concat(shared).ToArray();
        (await one.CountAsync(AuditFilter.All)).Should().Be(expected.Length);
        var ids = new List<Guid>();
        await foreach (var record in two.StreamAsync(AuditFilter.All))
        {
            ids.Add(record.Id);
        }

        ids.Should().Equal(AuditOrder.NewestFirstIds(expected));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PurgeAsync_RemovesThePurgedRowsFromTheSearchIndexBeforeItReturns(bool background)
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = background);
        var records = Enumerable.Range(0, 40)
            .Select(i => Some.Record(Some.Time(i)) with { Description = $"Numbat-{i:D2}-tag" })
            .ToArray();
        await store.WriteAsync(records);
        await store.UpdateSearchIndexAsync();
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"numbat\"'").Should().Be(40);

        (await store.PurgeAsync(Some.Time(25), 100)).Should().Be(25);

        _database.IndexExecute("INSERT INTO audit_events_search(audit_events_search) VALUES ('integrity-check')");
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search").Should().Be(15);
        _database.IndexScalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"numbat\"'").Should().Be(15);
        for (var i = 0; i < records.Length; i++)
        {
            (await store.CountAsync(new AuditFilter { Search = $"NUMBAT-{i:D2}" })).Should().Be(i < 25 ? 0 : 1, $"record {i} was {(i < 25 ? "purged" : "kept")}");
        }
    }

    [Fact]
    public async Task Search_OfThreeOrMoreCharacters_GoesThroughTheFullTextIndexForIndexedRows()
    {
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var record = Some.Record() with { Description = "Echidna" };
        await store.WriteAsync([record]);
        (await store.CountAsync(new AuditFilter { Search = "echidna" })).Should().Be(1, "an unindexed row is matched with LIKE");
        await store.UpdateSearchIndexAsync();

        // Remove the row from the index only: a search that still found it would not be using the index.
        _database.IndexExecute("DELETE FROM audit_events_search");

        (await store.CountAsync(new AuditFilter { Search = "echidna" })).Should().Be(0);
        (await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "echidna" }, null, 50))).Should().BeEmpty();
        (await store.CountAsync(new AuditFilter { Search = "hi" })).Should().Be(1, "shorter texts are matched with LIKE alone");
    }

    [Fact]
    public async Task Updates_AreRejected_TheTrailIsAppendOnly()
    {
        var store = _database.CreateStore();
        await store.WriteAsync([Some.Record()]);

        var update = () => _database.Execute("UPDATE audit_events SET description = 'rewritten'");

        update.Should().Throw<SqliteException>().WithMessage("*append-only*");
    }

    [Fact]
    public async Task InitializeAsync_RecordsTheSchemaVersion_AndASecondStoreDoesNotReapplyIt()
    {
        var first = _database.CreateStore();
        await first.InitializeAsync();

        var second = _database.CreateStore();
        await second.InitializeAsync();

        _database.Scalar<long>("SELECT MAX(version) FROM audit_trail_schema WHERE table_name = 'audit_events'").Should().Be(first.SchemaVersion);
        _database.Scalar<long>("SELECT count(*) FROM audit_trail_schema").Should().Be(first.SchemaVersion);
    }

    [Fact]
    public async Task InitializeAsync_OnANewerSchema_FailsNamingTheVersions()
    {
        await _database.CreateStore().InitializeAsync();
        _database.Execute("INSERT INTO audit_trail_schema (table_name, version, description) VALUES ('audit_events', 99, 'from the future')");

        var initialize = () => _database.CreateStore().InitializeAsync();

        (await initialize.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("schema version 99").And.Contain("audit_events");
    }

    [Fact]
    public async Task InitializeAsync_AfterAFailure_IsRetriedByTheNextCall()
    {
        // A directory where the file should be (made after the options were checked): opening fails until it is removed.
        var store = _database.CreateStore();
        System.IO.Directory.CreateDirectory(_database.Path);

        await store.Invoking(s => s.InitializeAsync()).Should().ThrowAsync<SqliteException>();
        System.IO.Directory.Delete(_database.Path);

        await store.InitializeAsync();
        (await store.CountAsync(AuditFilter.All)).Should().Be(0);
    }

    [Fact]
    public async Task TablesWithDifferentNames_InOneFile_AreIsolated()
    {
        var left = _database.CreateStore(options => options.TableName = "audit_left");
        var right = _database.CreateStore(options => options.TableName = "Audit_Right_2");
        var record = Some.Record() with { Description = "Quoll" };

        await left.WriteAsync([record]);

        (await left.CountAsync(new AuditFilter { Search = "quoll" })).Should().Be(1);
        (await right.CountAsync(AuditFilter.All)).Should().Be(0);
        (await right.CountAsync(new AuditFilter { Search = "quoll" })).Should().Be(0);
        _database.Scalar<long>("SELECT count(DISTINCT table_name) FROM audit_trail_schema").Should().Be(2);
    }

    [Fact]
    public async Task DatabasePath_InDirectoriesThatDoNotExist_IsCreated()
    {
        var path = System.IO.Path.Combine(_database.Directory, "a", "b", "audit.db");
        var store = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path }));

        await store.WriteAsync([Some.Record()]);

        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task WriteAsync_WhileAnotherProcessHoldsTheWriteLock_FailsAfterTheBusyTimeoutInsteadOfHanging()
    {
        var store = _database.CreateStore(options => options.BusyTimeout = TimeSpan.Zero);
        await store.InitializeAsync();
        using var other = _database.OpenSeparateConnection();
        using var transaction = other.BeginTransaction(deferred: false);

        var write = () => store.WriteAsync([Some.Record()]);

        (await write.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY");
        transaction.Rollback();
        await store.WriteAsync([Some.Record()]);
    }

    [Fact]
    public async Task WriteAsync_InvalidRecord_ThrowsNamingItsIndexBeforeWritingAnything()
    {
        var store = _database.CreateStore();
        var invalid = Some.Record() with { ActionType = (AuditActionType)42 };

        var write = () => store.WriteAsync([Some.Record(), invalid]);

        (await write.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("index 1").And.Contain("action type");
        (await store.CountAsync(AuditFilter.All)).Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AuditStoreQuery.MaxLimit + 1)]
    public async Task QueryAsync_LimitOutOfRange_Throws(int limit)
    {
        var store = _database.CreateStore();

        var query = () => store.QueryAsync(new AuditStoreQuery(AuditFilter.All, null, limit));

        await query.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task PurgeAsync_NonPositiveMaxRows_Throws(int maxRows)
    {
        var store = _database.CreateStore();

        var purge = () => store.PurgeAsync(Some.Time(0), maxRows);

        await purge.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    private static long Pragma(System.Data.Common.DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
