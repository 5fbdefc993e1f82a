using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Store registration on <see cref="IAuditTrailBuilder"/>; store packages build their <c>Use*</c> methods on it.</summary>
public static class AuditTrailBuilderExtensions
{
    /// <summary>
    /// Makes the store created by <paramref name="factory"/> the audit store (a singleton that is both
    /// <see cref="IAuditStore"/> and the pipeline's <see cref="IAuditSink"/>). A later call replaces an earlier one.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the store.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseStore(this IAuditTrailBuilder builder, Func<IServiceProvider, IAuditStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditSink>(sp => sp.GetRequiredService<IAuditStore>()));
        return builder;
    }
}
