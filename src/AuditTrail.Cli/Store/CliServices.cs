using AuditTrail.Cli.Purge;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Store;

/// <summary>
/// The library's services over a store the command line opened, outside any host: what a command needs to record its
/// own actions (<see cref="IAuditLogger"/>) or to use <see cref="IAuditLegalHolds"/> as the HTTP API does.
/// </summary>
internal static class CliServices
{
    public static ServiceProvider Build(IAuditStore store) => Build(store, signing: null);

    /// <summary>The services, with checkpoints signed by <paramref name="signing"/> into its folder when there is one.</summary>
    public static ServiceProvider Build(IAuditStore store, PurgeSigning? signing)
    {
        var services = new ServiceCollection();
        var trail = services.AddAuditTrail().UseStore(_ => store);
        if (signing is not null)
        {
            trail.AddCheckpoints(options =>
            {
                options.Directory = signing.Directory;
                options.SigningKey = signing.Key.Key;
            });
        }

        return services.BuildServiceProvider();
    }
}
