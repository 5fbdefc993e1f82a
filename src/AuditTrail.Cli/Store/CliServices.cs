using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Store;

/// <summary>
/// The library's services over a store the command line opened, outside any host: what a command needs to record its
/// own actions (<see cref="IAuditLogger"/>) or to use <see cref="IAuditLegalHolds"/> as the HTTP API does.
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build(IAuditStore store)
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseStore(_ => store);
        return services.BuildServiceProvider();
    }
}
