using AuditTrail;
using AuditTrail.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
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
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AuditTrailAspNetCoreOptions>, AuditTrailAspNetCoreConfigurationValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditPrincipalReader>();
        services.TryAddSingleton<AuditViewerResolver>();
        services.TryAddSingleton<AuditApiHandlers>();

        // The default IAuthenticationService is registered first so that there is always one to decorate,
        // whether the host calls AddAuthentication() before or after this method.
        services.AddAuthenticationCore();
        AuditServiceDecoration.Decorate<IAuthenticationService>(
            services, (provider, inner) => ActivatorUtilities.CreateInstance<AuditingAuthenticationService>(provider, inner));
        AuditServiceDecoration.Decorate<IAuthorizationMiddlewareResultHandler>(
            services,
            (provider, inner) => new AuditApiAuthorizationResultHandler(
                inner, provider.GetRequiredService<IOptions<AuditTrailAspNetCoreOptions>>(), provider.GetRequiredService<AuditPrincipalReader>()),
            () => new AuthorizationMiddlewareResultHandler());
        // The request's actor and tenant follow HttpContext.User (a policy's own scheme, endpoint code), not only the
        // user UseAuditTrail() saw.
        AuditServiceDecoration.Decorate<IAuditContextAccessor>(
            services, static (_, inner) => new AuditRequestContextAccessor(inner), static () => new AuditContextAccessor());
        services.AddHostedService<AuditForwardedHeadersCheck>();
        return builder;
    }
}
