using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>Wraps the host's registration of a service (the last one, not keyed) in one of the adapter's own, keeping its lifetime.</summary>
internal static class AuditServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with one that passes the instance it would have
    /// made to <paramref name="decorate"/>; when there is none, registers <paramref name="decorate"/> over
    /// <paramref name="fallback"/> as a singleton.
    /// </summary>
    public static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate, Func<TService>? fallback = null)
        where TService : class
    {
        var index = -1;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            var inner = (fallback ?? throw new InvalidOperationException($"No {typeof(TService).Name} is registered to decorate."))();
            services.AddSingleton(provider => decorate(provider, inner));
            return;
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(TService),
            provider => decorate(provider, (TService)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!))),
            original.Lifetime);
    }
}
