using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Sqlite;

/// <summary>
/// Whether the SQLite store is the audit store in the end. <c>UseSqlite</c> followed by another <c>Use*</c> store (a
/// later store replaces an earlier one) leaves SQLite's registrations behind: its spool default and its options'
/// validation then apply only while the last <see cref="IAuditStore"/> registration is SQLite's, so the store that
/// replaced it neither spools beside a database it never opens nor fails to start over that database's options.
/// </summary>
internal sealed class SqliteStoreSelection(IServiceCollection services)
{
    /// <summary>The factory every <c>UseSqlite</c> registers, by which its registration is recognised.</summary>
    public static readonly Func<IServiceProvider, IAuditStore> Factory = Create;

    /// <summary>Whether the last registration of <see cref="IAuditStore"/> is <see cref="Factory"/>.</summary>
    public bool IsChosen { get; } = ReferenceEquals(
        services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IAuditStore) && !descriptor.IsKeyedService)?.ImplementationFactory,
        Factory);

    private static SqliteAuditStore Create(IServiceProvider services) =>
        new(services.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value);
}
