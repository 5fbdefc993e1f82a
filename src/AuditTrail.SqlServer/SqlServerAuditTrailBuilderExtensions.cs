using System.Data.Common;
using AuditTrail;
using AuditTrail.SqlServer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Makes SQL Server the audit store: <c>services.AddAuditTrail().UseSqlServer(() =&gt; new SqlConnection(connectionString))</c>.
/// Each <c>UseSqlServer</c> registers the file spool (<c>UseFileSpool</c>): unless <see cref="AuditSpoolOptions.Directory"/>
/// is set, fail-open events that the database cannot take go to this application's default spool directory,
/// <c>{local application data}/AuditTrail/spool/{application}-{hash of server, database, schema and table}</c>.
/// </summary>
public static class SqlServerAuditTrailBuilderExtensions
{
    /// <summary>Stores the audit trail in SQL Server over connections from <paramref name="connectionFactory"/>, with default options.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="connectionFactory">Returns a new connection, for example <c>() =&gt; new SqlConnection(connectionString)</c>.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlServer(this IAuditTrailBuilder builder, Func<DbConnection> connectionFactory) =>
        builder.UseSqlServer(connectionFactory, _ => { });

    /// <summary>
    /// Stores the audit trail in SQL Server over connections from <paramref name="connectionFactory"/>, configured by
    /// <paramref name="configure"/>. The options are validated when the host starts; configuration actions of
    /// repeated calls accumulate, in order.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="connectionFactory">Returns a new connection, for example <c>() =&gt; new SqlConnection(connectionString)</c>.</param>
    /// <param name="configure">Sets the schema and table name.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlServer(this IAuditTrailBuilder builder, Func<DbConnection> connectionFactory, Action<SqlServerAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, configure);
        builder.UseFileSpool(services => SqlServerSpoolIdentity.Of(connectionFactory, services));
        return builder.UseStore(services => new SqlServerAuditStore(connectionFactory, services.GetRequiredService<IOptions<SqlServerAuditStoreOptions>>().Value));
    }

    /// <summary>Stores the audit trail in SQL Server over connections of <paramref name="dataSource"/>, with default options.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="dataSource">Where connections come from, for example <c>SqlClientFactory.Instance.CreateDataSource(connectionString)</c>; the application owns it.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlServer(this IAuditTrailBuilder builder, DbDataSource dataSource) =>
        builder.UseSqlServer(dataSource, _ => { });

    /// <summary>
    /// Stores the audit trail in SQL Server over connections of <paramref name="dataSource"/>, configured by
    /// <paramref name="configure"/>. The options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="dataSource">Where connections come from; the application owns it.</param>
    /// <param name="configure">Sets the schema and table name.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlServer(this IAuditTrailBuilder builder, DbDataSource dataSource, Action<SqlServerAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, configure);
        builder.UseFileSpool(services => SqlServerSpoolIdentity.Of(dataSource.ConnectionString, services));
        return builder.UseStore(services => new SqlServerAuditStore(dataSource, services.GetRequiredService<IOptions<SqlServerAuditStoreOptions>>().Value));
    }

    private static void AddOptions(IAuditTrailBuilder builder, Action<SqlServerAuditStoreOptions> configure)
    {
        builder.Services.AddOptions<SqlServerAuditStoreOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<SqlServerAuditStoreOptions>, SqlServerAuditStoreOptionsValidator>());
    }
}
