using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.SqlServer;

/// <summary>
/// The SQL Server audit store: one table that many application instances share, over connections the application
/// provides (this package references no SQL client; use Microsoft.Data.SqlClient). Batches are written in their own
/// transactions and an id already stored is skipped; the schema is created or migrated once, under
/// <c>sp_getapplock</c>, however many instances start at the same time.
/// </summary>
/// <remarks>
/// Usually registered with <c>services.AddAuditTrail().UseSqlServer(() =&gt; new SqlConnection(connectionString))</c>.
/// Needs SQL Server 2017 or later (or Azure SQL), the database at compatibility level 130 or higher: search uses
/// <c>TRANSLATE</c> and <c>OPENJSON</c>. Ids are stored as
/// <c>binary(16)</c> in the byte order of their text, times as UTC <c>datetimeoffset(6)</c>, text in the
/// <c>Latin1_General_100_BIN2</c> collation, changes and metadata as JSON in <c>nvarchar(max)</c>.
/// </remarks>
public sealed class SqlServerAuditStore : RelationalAuditStoreFacade
{

    /// <summary>Creates a store over connections from <paramref name="connectionFactory"/>; the schema is created on first use.</summary>
    /// <param name="connectionFactory">
    /// Returns a new, closed or open, connection to the database, for example <c>() =&gt; new SqlConnection(connectionString)</c>.
    /// The store opens and disposes it per operation, so it should come from the provider's pool.
    /// </param>
    /// <param name="options">The options; their values are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem by option name.</exception>
    public SqlServerAuditStore(Func<DbConnection> connectionFactory, SqlServerAuditStoreOptions options)
        : this(FromFactory(connectionFactory), Validate(options))
    {
    }

    /// <summary>Creates a store over connections of <paramref name="dataSource"/>; the schema is created on first use.</summary>
    /// <param name="dataSource">Where connections come from; the caller keeps ownership and disposes it.</param>
    /// <param name="options">The options; their values are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem by option name.</exception>
    public SqlServerAuditStore(DbDataSource dataSource, SqlServerAuditStoreOptions options)
        : this(FromDataSource(dataSource), Validate(options))
    {
    }

    private SqlServerAuditStore(Func<CancellationToken, ValueTask<DbConnection>> openConnection, SqlServerAuditStoreOptions options)
    {
        Store = new RelationalAuditStore(new SqlServerAuditSqlDialect(options.Schema), openConnection, options.TableName);
        Schema = options.Schema;
    }

    /// <summary>The schema that holds the audit table.</summary>
    public string Schema { get; }

    private static Func<CancellationToken, ValueTask<DbConnection>> FromFactory(Func<DbConnection> connectionFactory)
    {
        ArgumentNullException.ThrowIfNull(connectionFactory);
        return _ => ValueTask.FromResult(connectionFactory());
    }

    private static Func<CancellationToken, ValueTask<DbConnection>> FromDataSource(DbDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return dataSource.OpenConnectionAsync;
    }

    private static SqlServerAuditStoreOptions Validate(SqlServerAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SqlServerAuditStoreOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        return new SqlServerAuditStoreOptions { Schema = options.Schema, TableName = options.TableName };
    }
}
