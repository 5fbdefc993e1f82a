using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Spool registration on <see cref="IAuditTrailBuilder"/>; spool packages build their <c>Use*</c> methods on it.</summary>
public static class AuditSpoolBuilderExtensions
{
    /// <summary>
    /// Makes the spool created by <paramref name="factory"/> the pipeline's <see cref="IAuditSpool"/>, where fail-open
    /// events go while the store fails. The factory runs once, when the pipeline is created; it returns
    /// <see langword="null"/> when this configuration has nowhere to spool (for example no directory is set), and
    /// the pipeline then runs without a spool. A later call replaces an earlier one.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the spool, or returns <see langword="null"/> for none.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseSpool(this IAuditTrailBuilder builder, Func<IServiceProvider, IAuditSpool?> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(new AuditSpoolRegistration(factory)));
        return builder;
    }
}
