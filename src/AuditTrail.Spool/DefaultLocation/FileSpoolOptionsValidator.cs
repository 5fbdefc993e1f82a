using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Spool;

/// <summary>
/// Fails the start when the file spool has no directory to use: <see cref="AuditSpoolOptions.Directory"/> is not set,
/// the spool is not <see cref="AuditSpoolOptions.Disabled"/>, and the default directory cannot be used. In the
/// Development environment the host starts without a spool instead, with a warning (see
/// <see cref="Microsoft.Extensions.DependencyInjection.FileSpoolAuditTrailBuilderExtensions"/>); a host without
/// <see cref="IHostEnvironment"/> counts as production.
/// </summary>
/// <param name="services">Where the environment and the store's identity come from.</param>
internal sealed class FileSpoolOptionsValidator(IServiceProvider services) : IValidateOptions<AuditTrailOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditTrailOptions options)
    {
        if (options.Spool.Disabled || options.Spool.Directory is not null || IsDevelopment(services))
        {
            return ValidateOptionsResult.Success;
        }

        return FileSpoolLocation.Resolve(options.Spool, services).Problem is { } problem
            ? ValidateOptionsResult.Fail(Message(problem))
            : ValidateOptionsResult.Success;
    }

    /// <summary>The start-up error: what is wrong, what it would cost, and the two ways out.</summary>
    public static string Message(string problem) =>
        $"AuditTrailOptions.Spool.Directory is not set and {problem}. Without a spool, fail-open events are lost to their " +
        "callers (AuditWriteException) while the store is down. Set AuditTrailOptions.Spool.Directory to a persistent " +
        "directory that only this application's account can write, or set AuditTrailOptions.Spool.Disabled = true to run " +
        "without a spool on purpose.";

    /// <summary>Whether the host runs in the Development environment.</summary>
    public static bool IsDevelopment(IServiceProvider services) => services.GetService<IHostEnvironment>()?.IsDevelopment() == true;
}
