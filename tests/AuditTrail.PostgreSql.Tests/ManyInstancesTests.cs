using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Several application instances on one PostgreSQL database: concurrent writers, concurrent start-up, a server that goes away.</summary>
public sealed class ManyInstancesTests
{
    private static readonly AuditViewer Admin = AuditViewer.Admin("u-admin");

    [PostgreSqlFact]
    public async Task TwoHosts_WritingConcurrently_LoseAndDuplicateNothing_AndReadOneOrder()
    {
        await using var schema = await TestSchema.CreateAsync();
        await using var hostA = Host(schema.ConnectionString, schema.Name);
        await using var hostB = Host(schema.ConnectionString, schema.Name);
        var start = new TaskCompletionSource();

        Task<Guid>[] Callers(ServiceProvider host, string name) => Enumerable.Range(0, 150)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await host.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
                {
                    Action = "server.updated",
                    ActionType = AuditActionType.Update,
                    Actor = AuditActor.User($"u-{name}", name),
                    Description = $"{name} #{i}",
                });
            }))
            .ToArray();

        var fromA = Callers(hostA, "a");
        var fromB = Callers(hostB, "b");
        start.SetResult();
        var ids = (await Task.WhenAll(fromA)).Concat(await Task.WhenAll(fromB)).ToList();

        ids.Should().HaveCount(300).And.OnlyHaveUniqueItems();
        (await schema.ScalarAsync<long>($"SELECT count(*) FROM \"{schema.Name}\".audit_events")).Should().Be(300);

        var seenByA = await AllPagesAsync(hostA);
        var seenByB = await AllPagesAsync(hostB);
        seenByA.Select(record => record.Id).Should().BeEquivalentTo(ids);
        seenByB.Select(record => record.Id).Should().Equal(seenByA.Select(record => record.Id), "both instances read one order");
        seenByA.Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(seenByA), "occurred_at descending, then id as text descending");
        seenByA.Select(record => record.Description).Should().OnlyHaveUniqueItems();
    }

    [PostgreSqlFact]
    public async Task InstancesStartingTogether_OnAnEmptyDatabase_CreateAndMigrateTheSchemaOnce()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var dataSources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToArray();
        var opened = new List<PostgreSqlAuditStore>();
        try
        {
            // A schema that does not exist yet: CREATE SCHEMA, CREATE EXTENSION and CREATE TABLE all race.
            var stores = dataSources.Select(dataSource => new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = "audit" })).ToArray();
            opened.AddRange(stores);
            var start = new TaskCompletionSource();
            var initializations = stores.Select(store => Task.Run(async () =>
            {
                await start.Task;
                await store.InitializeAsync();
            })).ToArray();

            start.SetResult();
            await Task.WhenAll(initializations);

            (await database.ScalarAsync<long>("SELECT count(*) FROM audit.audit_trail_schema")).Should().Be(stores[0].SchemaVersion, "each migration ran once");
            (await database.ScalarAsync<int>("SELECT MAX(version) FROM audit.audit_trail_schema WHERE table_name = 'audit_events'")).Should().Be(stores[0].SchemaVersion);
            (await database.ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).Should().Be(1);

            // Every instance works on the one table, and restarted instances find the schema already current.
            await Task.WhenAll(stores.Select((store, i) => store.WriteAsync([Some.Record() with { Description = $"instance {i}" }])));
            var restarted = dataSources.Select(dataSource => new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = "audit" })).ToArray();
            opened.AddRange(restarted);
            await Task.WhenAll(restarted.Select(store => Task.Run(() => store.InitializeAsync())));
            (await restarted[0].CountAsync(AuditFilter.All)).Should().Be(stores.Length);
            (await database.ScalarAsync<long>("SELECT count(*) FROM audit.audit_trail_schema")).Should().Be(restarted[0].SchemaVersion);
        }
        finally
        {
            // A store keeps a connection for its writes until it is disposed; the database is dropped afterwards.
            foreach (var store in opened)
            {
                await store.DisposeAsync();
            }

            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [PostgreSqlFact]
    public async Task ARoleThatCannotCreatePgTrgm_GetsInstructions_AndStartsOnceTheExtensionExists()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var role = "audit_app_" + Guid.NewGuid().ToString("N")[..12];
        var password = Guid.NewGuid().ToString("N");
        try
        {
            // A least-privilege application role: it owns its schema but may not create anything else in the database.
            await database.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
            await database.ExecuteAsync($"REVOKE CREATE ON DATABASE {database.Name} FROM PUBLIC");
            await database.ExecuteAsync($"CREATE SCHEMA app AUTHORIZATION {role}");
            var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = "app" });

            var failure = (await store.Invoking(s => s.InitializeAsync()).Should().ThrowAsync<PostgresException>()).Which;

            failure.MessageText.Should().Contain("AuditTrail needs the PostgreSQL extension pg_trgm");
            failure.Hint.Should().Contain("CREATE EXTENSION pg_trgm;");
            (await database.ScalarAsync<bool>("SELECT to_regclass('app.audit_events') IS NULL")).Should().BeTrue("the failed migration left nothing behind");

            await database.ExecuteAsync("CREATE EXTENSION pg_trgm");
            await store.InitializeAsync();
            await store.WriteAsync([Some.Record() with { Description = "quokka" }]);
            (await store.CountAsync(new AuditFilter { Search = "QUOKKA" })).Should().Be(1);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await database.DisposeAsync();
            await TestDatabase.ExecuteAsync(PostgreSqlEnvironment.ConnectionString(), $"DROP ROLE IF EXISTS {role}");
        }
    }

    [PostgreSqlFact]
    public async Task ServerBrieflyUnreachable_DurableWritesRecover_AndEveryAcknowledgedEventIsStored()
    {
        await using var schema = await TestSchema.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5 }.ConnectionString;
        await using var host = Host(throughProxy, schema.Name, options =>
        {
            options.MaxWriteAttempts = 10;
            options.WriteRetryDelay = TimeSpan.FromMilliseconds(20);
        });
        var logger = host.GetRequiredService<IAuditLogger>();
        var acknowledged = new List<Guid>();
        Task<Guid> Log(string description) => logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Description = description });

        for (var i = 0; i < 10; i++)
        {
            acknowledged.Add(await Log($"before #{i}"));
        }

        proxy.GoDown();
        var during = Enumerable.Range(0, 20).Select(i => Log($"during #{i}")).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (proxy.TurnedAway == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        proxy.TurnedAway.Should().BePositive("the writer must have met the outage");
        proxy.GoUp();

        var failed = 0;
        foreach (var write in during)
        {
            try
            {
                acknowledged.Add(await write);
            }
            catch (AuditWriteException)
            {
                // Not acknowledged: the caller was told; whether the row exists does not matter.
                failed++;
            }
        }

        for (var i = 0; i < 10; i++)
        {
            acknowledged.Add(await Log($"after #{i}"));
        }

        failed.Should().BeLessThan(during.Length, "writes retried past the outage succeed");
        var stored = await TestDatabase.ColumnAsync<Guid>(schema.ConnectionString, $"SELECT id FROM \"{schema.Name}\".audit_events");
        stored.Should().OnlyHaveUniqueItems();
        stored.Should().Contain(acknowledged, "a durable LogAsync that returned has its row committed");
    }

    private static ServiceProvider Host(string connectionString, string schema, Action<AuditTrailOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddAuditTrail(options => configure?.Invoke(options)).UseNpgsql(connectionString, options => options.Schema = schema);
        services.AddTestSpoolFolder();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static async Task<List<AuditRecord>> AllPagesAsync(IServiceProvider host)
    {
        var reader = host.GetRequiredService<IAuditReader>();
        var all = new List<AuditRecord>();
        string? cursor = null;
        do
        {
            var page = await reader.QueryAsync(Admin, new AuditQuery { Limit = 37, Cursor = cursor });
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
