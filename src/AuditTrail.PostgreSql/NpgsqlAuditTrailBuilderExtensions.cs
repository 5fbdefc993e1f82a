using AuditTrail;
using AuditTrail.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Makes PostgreSQL the audit store: <c>services.AddAuditTrail().UseNpgsql(dataSource)</c>. Each <c>UseNpgsql</c>
/// registers the file spool (<c>UseFileSpool</c>): unless <see cref="AuditSpoolOptions.Directory"/> is set, fail-open
/// events that the database cannot take go to this application's default spool directory,
/// <c>{local application data}/AuditTrail/spool/{application}-{hash of host, port, database, schema and table}</c>.
/// </summary>
public static class NpgsqlAuditTrailBuilderExtensions
{
    /// <summary>Stores the audit trail in PostgreSQL through <paramref name="dataSource"/>, with default options.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="dataSource">Where connections come from; the application owns and disposes it.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseNpgsql(this IAuditTrailBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, _ => { });

    /// <summary>
    /// Stores the audit trail in PostgreSQL through <paramref name="dataSource"/>, configured by <paramref name="configure"/>.
    /// The options are validated when the host starts; configuration actions of repeated calls accumulate, in order.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="dataSource">Where connections come from; the application owns and disposes it.</param>
    /// <param name="configure">Sets the schema and table name.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseNpgsql(this IAuditTrailBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, configure);
        builder.UseFileSpool(services => PostgreSqlSpoolIdentity.Of(dataSource.ConnectionString, services));
        return builder.UseStore(services => new PostgreSqlAuditStore(
            dataSource, services.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value, ownsDataSource: false, logger: StoreLogger(services)));
    }

    /// <summary>Stores the audit trail in the PostgreSQL database of <paramref name="connectionString"/>, with default options.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="connectionString">An Npgsql connection string; the store builds and disposes its own data source (a connection pool).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or names no host; <c>ParamName</c> is <c>connectionString</c>.</exception>
    public static IAuditTrailBuilder UseNpgsql(this IAuditTrailBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, _ => { });

    /// <summary>
    /// Stores the audit trail in the PostgreSQL database of <paramref name="connectionString"/>, configured by
    /// <paramref name="configure"/>. The options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="connectionString">An Npgsql connection string; the store builds and disposes its own data source (a connection pool).</param>
    /// <param name="configure">Sets the schema and table name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or names no host; <c>ParamName</c> is <c>connectionString</c>.</exception>
    public static IAuditTrailBuilder UseNpgsql(this IAuditTrailBuilder builder, string connectionString, Action<PostgreSqlAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(configure);

        // Checked now, so that a malformed string fails where it is passed rather than on the first audit event.
        CheckConnectionString(connectionString);
        AddOptions(builder, configure);
        builder.UseFileSpool(services => PostgreSqlSpoolIdentity.Of(connectionString, services));
        return builder.UseStore(services => PostgreSqlAuditStore.Create(
            connectionString, services.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value, StoreLogger(services)));
    }

    /// <summary>The store's logger from the application's logging, when it has any.</summary>
    private static ILogger<PostgreSqlAuditStore>? StoreLogger(IServiceProvider services) => services.GetService<ILogger<PostgreSqlAuditStore>>();

    /// <summary>Npgsql's own checks of the string (its keywords, their values, a host), without connecting; the error names the argument.</summary>
    private static void CheckConnectionString(string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
            {
                throw new ArgumentException("it names no Host (the server to connect to).");
            }

            // Building a data source runs the checks Npgsql otherwise runs at the first connection; it opens nothing.
            using var dataSource = NpgsqlDataSource.Create(parsed);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's messages name a keyword or a position, never a value, so no password reaches the message.
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {ex.Message}", nameof(connectionString), ex);
        }
    }

    private static void AddOptions(IAuditTrailBuilder builder, Action<PostgreSqlAuditStoreOptions> configure)
    {
        builder.Services.AddOptions<PostgreSqlAuditStoreOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlAuditStoreOptions>, PostgreSqlAuditStoreOptionsValidator>());
    }
}
