using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The store's identity for the default spool directory: <c>postgresql://{host}:{port}/{database}/{schema}.{table}</c>,
/// so that one application's stores on two databases or tables spool apart. Read from the connection string; never connects.
/// </summary>
internal static class PostgreSqlSpoolIdentity
{
    public static string Of(string connectionString, IServiceProvider services)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var table = Table(services);
        return $"postgresql://{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}/{table}";
    }

    private static string Table(IServiceProvider services)
    {
        try
        {
            var options = services.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value;
            return $"{options.Schema}.{options.TableName}";
        }
        catch (OptionsValidationException)
        {
            // Invalid store options stop the start by themselves, naming each option; no spool is ever used for them.
            return "invalid";
        }
    }
}
