using AuditTrail.PostgreSql;
using AuditTrail.Relational;
using AuditTrail.Sqlite;
using Npgsql;

namespace AuditTrail.Cli.Store;

/// <summary>Which store a command reads: <c>--sqlite &lt;file&gt;</c> or <c>--postgres &lt;connection string&gt;</c>, with an optional <c>--table</c> (and <c>--schema</c> for PostgreSQL).</summary>
internal sealed record StoreConnection(string? SqlitePath, string? PostgresConnectionString, string? Table, string? Schema)
{
    /// <summary>The default audit table of both stores.</summary>
    public const string DefaultTable = "audit_events";

    /// <summary>The audit table's name.</summary>
    public string TableName => Table ?? DefaultTable;

    /// <summary>The PostgreSQL schema's name.</summary>
    public string SchemaName => Schema ?? PostgreSqlAuditStoreOptions.DefaultSchema;

    /// <summary>
    /// The existing store, outside dependency injection, with whatever it needs disposed afterwards. A file, schema or
    /// table that holds no store is refused (<see cref="CliConnectionException"/>) before anything is written to it. A
    /// PostgreSQL table with the partitioned layout is opened with <see cref="PostgreSqlAuditStoreOptions.Partitioning"/>,
    /// so that a purge drops whole months as retention does and writes (the events a command records) fit the layout.
    /// </summary>
    public Task<OpenedStore> OpenAsync(CancellationToken cancellationToken = default) => OpenAsync(allowNew: false, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(CancellationToken)"/>, but a store that does not exist yet is created: a SQLite file that
    /// does not exist, or a PostgreSQL table that does not exist. What exists and is not a store is still refused.
    /// </summary>
    public Task<OpenedStore> OpenOrCreateAsync(CancellationToken cancellationToken = default) => OpenAsync(allowNew: true, cancellationToken);

    private async Task<OpenedStore> OpenAsync(bool allowNew, CancellationToken cancellationToken)
    {
        if (AuditSql.GetTableNameProblem(TableName) is { } tableProblem)
        {
            throw new CliUsageException($"Option --table: {tableProblem}");
        }

        if (SqlitePath is not null)
        {
            if (!allowNew || File.Exists(SqlitePath))
            {
                await StoreProbe.EnsureSqliteStoreAsync(SqlitePath, TableName, cancellationToken).ConfigureAwait(false);
            }

            // A command runs for moments: it indexes nothing in the background (search reads unindexed rows with LIKE,
            // and a purge still removes its rows from the search index), and the store is disposed with it.
            var options = new SqliteAuditStoreOptions { DatabasePath = SqlitePath, IndexSearchInBackground = false };
            if (Table is not null)
            {
                options.TableName = Table;
            }

            var store = new SqliteAuditStore(options);
            return new OpenedStore(store, store, DataSource: null);
        }

        var postgres = new PostgreSqlAuditStoreOptions();
        if (Table is not null)
        {
            postgres.TableName = Table;
        }

        if (Schema is not null)
        {
            postgres.Schema = Schema;
        }

        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(PostgresConnectionString!);
        }
        catch (ArgumentException ex)
        {
            throw new CliConnectionException($"Option --postgres: the connection string is not valid: {ex.Message}{UriHint(PostgresConnectionString!)}", ex);
        }

        try
        {
            await StoreProbe.EnsurePostgresStoreAsync(dataSource, postgres.Schema, postgres.TableName, allowNew, cancellationToken).ConfigureAwait(false);
            if (await IsPartitionedAsync(dataSource, postgres, cancellationToken).ConfigureAwait(false))
            {
                // The months ahead are the default; a purge only adds the months that are missing, never removes one.
                postgres.Partitioning = new PostgreSqlPartitioningOptions();
            }
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new OpenedStore(new PostgreSqlAuditStore(dataSource, postgres), dataSource, dataSource);
    }

    /// <summary>What to give instead of a <c>postgresql://</c> URI, which Npgsql does not read (nothing of the value is repeated: it may hold the password).</summary>
    private static string UriHint(string connectionString) =>
        connectionString.TrimStart().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && connectionString.Contains("://", StringComparison.Ordinal)
            ? " A postgresql:// URI is not supported: give keywords, Host=...;Database=...;Username=...;Password=..."
            : " Give keywords, Host=...;Database=...;Username=...;Password=...";

    /// <summary>Whether the audit table exists as a partitioned table (<c>relkind</c> <c>p</c>).</summary>
    private static async Task<bool> IsPartitionedAsync(NpgsqlDataSource dataSource, PostgreSqlAuditStoreOptions options, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(
            "SELECT c.relkind = 'p' FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = options.Schema });
            command.Parameters.Add(new NpgsqlParameter { Value = options.TableName });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }
}

/// <summary>A store opened by the command line, and what it owns (the data source, or the store itself).</summary>
/// <param name="Store">The store.</param>
/// <param name="Owned">What is disposed with it.</param>
/// <param name="DataSource">The PostgreSQL data source, for the queries of <c>stats</c>; <see langword="null"/> for SQLite.</param>
internal sealed record OpenedStore(IAuditStore Store, IAsyncDisposable? Owned, NpgsqlDataSource? DataSource) : IAsyncDisposable
{
    /// <summary>The store's hash chain; every store the command line opens keeps one.</summary>
    public IAuditChainStore Chain => Store as IAuditChainStore ?? throw new CliConnectionException("This store does not keep a hash chain.");

    public ValueTask DisposeAsync() => Owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
