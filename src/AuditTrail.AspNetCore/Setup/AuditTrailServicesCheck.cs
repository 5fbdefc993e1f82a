using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>Fails fast, at start, when the pipeline uses the adapter without its services.</summary>
internal static class AuditTrailServicesCheck
{
    private const string Setup =
        "builder.Services.AddAuditTrail().UseSqlite(\"audit.db\").AddAspNetCore() (with your store in place of UseSqlite)";

    public static void EnsureRegistered(IServiceProvider services, string caller, params Type[] required)
    {
        var isService = services.GetService<IServiceProviderIsService>();
        bool IsRegistered(Type type) => isService?.IsService(type) ?? services.GetService(type) is not null;

        foreach (var type in required.Prepend(typeof(IAuditContextAccessor)).Prepend(typeof(IAuditLogger)))
        {
            if (!IsRegistered(type))
            {
                throw new InvalidOperationException(
                    $"{caller} needs the AuditTrail services, but {type.Name} is not registered. " +
                    $"Call services.AddAuditTrail() when configuring services, for example {Setup}.");
            }
        }

        if (!IsRegistered(typeof(AuditTrailAspNetCoreMarker)))
        {
            throw new InvalidOperationException(
                $"{caller} needs the AuditTrail ASP.NET Core services. Call .AddAspNetCore() on the builder that " +
                $"services.AddAuditTrail() returns, for example {Setup}.");
        }
    }
}
