using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.SqlServer;

/// <summary>
/// The store's identity for the default spool directory: <c>sqlserver://{server}/{database}/{schema}.{table}</c>, so
/// that one application's stores on two databases or tables spool apart. Read from a connection string; never connects.
/// </summary>
internal static class SqlServerSpoolIdentity
{
    private static readonly string[] ServerKeys = ["Data Source", "Server", "Address", "Addr", "Network Address"];
    private static readonly string[] DatabaseKeys = ["Initial Catalog", "Database"];

    /// <summary>The identity of the store whose connections <paramref name="connectionFactory"/> makes: one is created, not opened, to read its connection string.</summary>
    public static string Of(Func<DbConnection> connectionFactory, IServiceProvider services)
    {
        using var connection = connectionFactory();
        return Of(connection.ConnectionString, services);
    }

    /// <summary>The identity of the store on the database of <paramref name="connectionString"/>.</summary>
    public static string Of(string connectionString, IServiceProvider services)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            // A provider's own format: the whole string names the database (only its hash reaches the disk).
            return $"sqlserver://{connectionString}/{Table(services)}";
        }

        return $"sqlserver://{First(builder, ServerKeys)}/{First(builder, DatabaseKeys)}/{Table(services)}";
    }

    private static string First(DbConnectionStringBuilder builder, string[] keys) =>
        keys.Select(key => builder.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null)
            .FirstOrDefault(value => !string.IsNullOrEmpty(value)) ?? "";

    private static string Table(IServiceProvider services)
    {
        try
        {
            var options = services.GetRequiredService<IOptions<SqlServerAuditStoreOptions>>().Value;
            return $"{options.Schema}.{options.TableName}";
        }
        catch (OptionsValidationException)
        {
            // Invalid store options stop the start by themselves, naming each option; no spool is ever used for them.
            return "invalid";
        }
    }
}
