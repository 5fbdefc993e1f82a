using AuditTrail.PostgreSql;
using AuditTrail.Sqlite;
using Npgsql;

namespace AuditTrail.Cli;

/// <summary>Which store a command reads: <c>--sqlite &lt;file&gt;</c> or <c>--postgres &lt;connection string&gt;</c>, with an optional <c>--table</c> (and <c>--schema</c> for PostgreSQL).</summary>
internal sealed record StoreConnection(string? SqlitePath, string? PostgresConnectionString, string? Table, string? Schema)
{
    public static readonly string[] Options = ["--sqlite", "--postgres", "--table", "--schema"];

    public static StoreConnection From(CliArguments args)
    {
        var connection = new StoreConnection(args.Single("--sqlite"), args.Single("--postgres"), args.Single("--table"), args.Single("--schema"));
        if ((connection.SqlitePath is null) == (connection.PostgresConnectionString is null))
        {
            throw new CliUsageException("Give exactly one store: --sqlite <file> or --postgres <connection string>.");
        }

        if (connection.SqlitePath is not null && !File.Exists(connection.SqlitePath))
        {
            throw new CliConnectionException($"The SQLite database '{connection.SqlitePath}' does not exist.");
        }

        if (connection.Schema is not null && connection.PostgresConnectionString is null)
        {
            throw new CliUsageException("Option --schema applies to --postgres only.");
        }

        return connection;
    }

    /// <summary>A store of its own, outside dependency injection, with whatever it needs disposed afterwards.</summary>
    public OpenedStore Open()
    {
        if (SqlitePath is not null)
        {
            // A command runs for moments: it indexes nothing in the background (search reads unindexed rows with LIKE,
            // and a purge still removes its rows from the search index), and the store is disposed with it.
            var options = new SqliteAuditStoreOptions { DatabasePath = SqlitePath, IndexSearchInBackground = false };
            if (Table is not null)
            {
                options.TableName = Table;
            }

            var store = new SqliteAuditStore(options);
            return new OpenedStore(store, store);
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
            throw new CliConnectionException($"The PostgreSQL connection string is not valid: {ex.Message}", ex);
        }

        return new OpenedStore(new PostgreSqlAuditStore(dataSource, postgres), dataSource);
    }
}

/// <summary>A store opened by the command line, and what it owns (the data source, or the store itself).</summary>
internal sealed record OpenedStore(IAuditStore Store, IAsyncDisposable? Owned) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
