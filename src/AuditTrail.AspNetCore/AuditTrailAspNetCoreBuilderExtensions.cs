using AuditTrail;
using AuditTrail.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ASP.NET Core adapter on <see cref="IAuditTrailBuilder"/>.</summary>
public static class AuditTrailAspNetCoreBuilderExtensions
{
    /// <summary>
    /// Registers the ASP.NET Core adapter with default options: what <c>app.UseAuditTrail()</c> and
    /// <c>app.MapAuditTrail(prefix)</c> need, and the recording of sign-ins and sign-outs.
    /// </summary>
    /// <param name="builder">The builder <c>services.AddAuditTrail()</c> returned.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddAspNetCore(this IAuditTrailBuilder builder) =>
        AddAspNetCore(builder, static _ => { });

    /// <summary>
    /// Registers the ASP.NET Core adapter: what <c>app.UseAuditTrail()</c> and <c>app.MapAuditTrail(prefix)</c>
    /// need, and the recording of sign-ins and sign-outs. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The builder <c>services.AddAuditTrail()</c> returned.</param>
    /// <param name="configure">Configures the adapter's options; they are validated at start.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Sign-ins and sign-outs are captured by decorating <see cref="IAuthenticationService"/>; a host that registers
    /// its own <see cref="IAuthenticationService"/> does so before calling this method.
    /// </remarks>
    public static IAuditTrailBuilder AddAspNetCore(this IAuditTrailBuilder builder, Action<AuditTrailAspNetCoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<AuditTrailAspNetCoreOptions>().Configure(configure);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(AuditTrailAspNetCoreMarker)))
        {
            return builder;
        }

        services.AddSingleton<AuditTrailAspNetCoreMarker>();
        services.AddOptions<AuditTrailAspNetCoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AuditTrailAspNetCoreOptions>, AuditTrailAspNetCoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditPrincipalReader>();
        services.TryAddSingleton<AuditViewerResolver>();
        services.TryAddSingleton<AuditApiHandlers>();

        // The default IAuthenticationService is registered first so that there is always one to decorate,
        // whether the host calls AddAuthentication() before or after this method.
        services.AddAuthenticationCore();
        DecorateAuthenticationService(services);
        AuditApiAuthorizationResultHandler.Decorate(services);
        services.AddHostedService<AuditForwardedHeadersCheck>();
        return builder;
    }

    private static void DecorateAuthenticationService(IServiceCollection services)
    {
        var index = -1;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IAuthenticationService) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(IAuthenticationService),
            provider => ActivatorUtilities.CreateInstance<AuditingAuthenticationService>(provider, CreateInner(provider, original)),
            original.Lifetime);
    }

    private static IAuthenticationService CreateInner(IServiceProvider provider, ServiceDescriptor original) =>
        (IAuthenticationService)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
}
