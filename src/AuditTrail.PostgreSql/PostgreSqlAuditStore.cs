using System.Data.Common;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The PostgreSQL audit store: one table that many application instances share. Each instance writes its batches
/// in its own transactions (an id already stored is skipped, so a retried batch never duplicates), readers see
/// one order, and the schema is created or migrated once, under an advisory lock, however many instances start
/// at the same time.
/// </summary>
/// <remarks>
/// Usually registered with <c>services.AddAuditTrail().UseNpgsql(dataSource)</c>; construct it directly only
/// outside dependency injection. Ids are stored as <c>uuid</c>, times as <c>timestamptz</c> (microseconds),
/// changes and metadata as <c>jsonb</c>; search uses a pg_trgm GIN index, so the extension must exist or be
/// creatable by the store's role.
/// </remarks>
public sealed class PostgreSqlAuditStore : RelationalAuditStoreFacade, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource? _ownedDataSource;

    /// <summary>Creates a store over connections of <paramref name="dataSource"/>; the schema is created on first use.</summary>
    /// <param name="dataSource">Where connections come from; the caller keeps ownership and disposes it.</param>
    /// <param name="options">The options; their values are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem by option name.</exception>
    public PostgreSqlAuditStore(NpgsqlDataSource dataSource, PostgreSqlAuditStoreOptions options)
        : this(dataSource, Validate(options), ownsDataSource: false)
    {
    }

    private PostgreSqlAuditStore(NpgsqlDataSource dataSource, PostgreSqlAuditStoreOptions options, bool ownsDataSource)
    {
        Store = new RelationalAuditStore(new PostgreSqlAuditSqlDialect(options.Schema), OpenFrom(dataSource), options.TableName);
        Schema = options.Schema;
        _ownedDataSource = ownsDataSource ? dataSource : null;
    }

    /// <summary>The schema that holds the audit table.</summary>
    public string Schema { get; }

    /// <summary>Disposes the data source when the store created it from a connection string.</summary>
    /// <returns>A task that completes when the data source is disposed.</returns>
    public ValueTask DisposeAsync() => _ownedDataSource?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Disposes the data source when the store created it from a connection string.</summary>
    public void Dispose() => _ownedDataSource?.Dispose();

    /// <summary>Creates a store that owns a data source built from <paramref name="connectionString"/>.</summary>
    internal static PostgreSqlAuditStore Create(string connectionString, PostgreSqlAuditStoreOptions options)
    {
        var validated = Validate(options);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new PostgreSqlAuditStore(dataSource, validated, ownsDataSource: true);
    }

    private static Func<CancellationToken, ValueTask<DbConnection>> OpenFrom(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return async cancellationToken => await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private static PostgreSqlAuditStoreOptions Validate(PostgreSqlAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = PostgreSqlAuditStoreOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        return new PostgreSqlAuditStoreOptions { Schema = options.Schema, TableName = options.TableName };
    }
}
