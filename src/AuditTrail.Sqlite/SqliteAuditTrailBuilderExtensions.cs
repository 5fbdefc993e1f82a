using AuditTrail;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes SQLite the audit store: <c>services.AddAuditTrail().UseSqlite("audit.db")</c>.</summary>
public static class SqliteAuditTrailBuilderExtensions
{
    /// <summary>Stores the audit trail in the SQLite file at <paramref name="databasePath"/>, with default options.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="databasePath">The database file; created, with its directory, when missing.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlite(this IAuditTrailBuilder builder, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(databasePath);
        return builder.UseSqlite(options => options.DatabasePath = databasePath);
    }

    /// <summary>
    /// Stores the audit trail in SQLite, configured by <paramref name="configure"/>. The options are validated
    /// when the host starts; configuration actions of repeated calls accumulate, in order. Unless the host set
    /// <see cref="AuditSpoolOptions.Directory"/> (or <see cref="AuditSpoolOptions.Disabled"/>), fail-open events are
    /// spooled beside the database, in <c>{database file}.spool</c>.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteAuditStoreOptions.DatabasePath"/> or <see cref="SqliteAuditStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSqlite(this IAuditTrailBuilder builder, Action<SqliteAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptions<SqliteAuditStoreOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<SqliteAuditStoreOptions>, SqliteAuditStoreOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditWriteErrorClassifier, SqliteWriteErrorClassifier>());
        builder.Services.AddOptions<AuditTrailOptions>()
            .PostConfigure<IOptions<SqliteAuditStoreOptions>>((audit, sqlite) =>
            {
                if (!audit.Spool.Disabled)
                {
                    audit.Spool.Directory ??= DefaultSpoolDirectory(sqlite);
                }
            });

        builder.UseFileSpool();
        return builder.UseStore(services => new SqliteAuditStore(services.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value));
    }

    private static string? DefaultSpoolDirectory(IOptions<SqliteAuditStoreOptions> sqlite)
    {
        try
        {
            return SqliteSpoolLocation.Beside(sqlite.Value);
        }
        catch (OptionsValidationException)
        {
            // Invalid store options are reported, by option name, when the host starts; they name no spool.
            return null;
        }
    }
}
