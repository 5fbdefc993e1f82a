using Npgsql;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>
/// Databases and schemas the tests own. Most tests get a fresh schema in one shared test database (creating a
/// schema is far cheaper than creating a database); tests about an empty database get a database of their own.
/// Everything a test creates is dropped when it is disposed.
/// </summary>
public static class TestDatabase
{
    public const string SharedDatabaseName = "audittrail_tests";

    private static readonly Lazy<Task<string>> Shared = new(() => CreateSharedAsync());

    /// <summary>The connection string of the shared test database, created on first use (kept between runs; each test drops its own schema).</summary>
    public static Task<string> SharedConnectionStringAsync() => Shared.Value;

    /// <summary>Runs one statement on a connection of its own, outside any pool a store uses.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenUnpooledAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one query on a connection of its own and returns its first value.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = await OpenUnpooledAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs one query on a connection of its own and returns the first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(string connectionString, string sql)
    {
        await using var connection = await OpenUnpooledAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    /// <summary>Runs <paramref name="sql"/> every 20 ms until it answers at least <paramref name="count"/> rows; throws after <paramref name="patience"/>.</summary>
    public static async Task PollAsync(string connectionString, string sql, int count, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while ((await ColumnAsync<object>(connectionString, sql)).Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {count} {what} within {patience}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> CreateSharedAsync()
    {
        var server = PostgreSqlEnvironment.ConnectionString();
        try
        {
            await ExecuteAsync(server, $"CREATE DATABASE {SharedDatabaseName}");
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Made by an earlier run, or by a test process running beside this one.
        }

        return PostgreSqlEnvironment.ConnectionString(SharedDatabaseName);
    }
}

/// <summary>A schema of its own in the shared test database, dropped with everything in it on dispose. The store creates it.</summary>
public sealed class TestSchema : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<PostgreSqlAuditStore> _stores = [];

    private TestSchema(string connectionString, string name)
    {
        ConnectionString = connectionString;
        Name = name;
    }

    public string ConnectionString { get; }

    public string Name { get; }

    public static async Task<TestSchema> CreateAsync() =>
        new(await TestDatabase.SharedConnectionStringAsync(), "t_" + Guid.NewGuid().ToString("N"));

    /// <summary>A data source of the test database, disposed with the schema.</summary>
    public NpgsqlDataSource DataSource(string? applicationName = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (applicationName is not null)
        {
            builder.ApplicationName = applicationName;
        }

        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

    public PostgreSqlAuditStore CreateStore(Action<PostgreSqlAuditStoreOptions>? configure = null) => CreateStore(batchedWrites: true, configure);

    /// <summary>A store that writes whole batches in one statement (the shipped path) or row by row (the shared relational path).</summary>
    public PostgreSqlAuditStore CreateStore(bool batchedWrites, Action<PostgreSqlAuditStoreOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new PostgreSqlAuditStoreOptions { Schema = Name };
        configure?.Invoke(options);
        // The store owns its data source, so that disposing it (a host built on it, disposed) closes its pooled
        // connections at once: a test that builds many hosts would otherwise hold them open until it ends.
        var store = new PostgreSqlAuditStore(DataSource(), options, ownsDataSource: true, batchedWrites, timeProvider);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public Task<T> ScalarAsync<T>(string sql) => TestDatabase.ScalarAsync<T>(ConnectionString, sql);

    public Task ExecuteAsync(string sql) => TestDatabase.ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        // A store keeps a connection for its writes until it is disposed.
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await TestDatabase.ExecuteAsync(ConnectionString, $"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE");
    }
}

/// <summary>An empty database of its own, for tests about what happens in a new database; dropped on dispose.</summary>
public sealed class TemporaryDatabase : IAsyncDisposable
{
    private TemporaryDatabase(string name)
    {
        Name = name;
        ConnectionString = PostgreSqlEnvironment.ConnectionString(name);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="options">What follows the name in <c>CREATE DATABASE</c> (a template, a locale), if anything.</param>
    public static async Task<TemporaryDatabase> CreateAsync(string? options = null)
    {
        var database = new TemporaryDatabase("audittrail_" + Guid.NewGuid().ToString("N"));
        await TestDatabase.ExecuteAsync(PostgreSqlEnvironment.ConnectionString(), $"CREATE DATABASE {database.Name} {options}");
        return database;
    }

    public Task<T> ScalarAsync<T>(string sql) => TestDatabase.ScalarAsync<T>(ConnectionString, sql);

    public Task ExecuteAsync(string sql) => TestDatabase.ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestDatabase.ExecuteAsync(PostgreSqlEnvironment.ConnectionString(), $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
