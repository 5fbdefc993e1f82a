using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Spool;

/// <summary>
/// Fails the start when the file spool has no directory to use: the spool is not <see cref="AuditSpoolOptions.Disabled"/>,
/// and the directory it would use (<see cref="AuditSpoolOptions.Directory"/>, as the host or the store set it, else the
/// default one) cannot be created or written. In the
/// Development environment the host starts without a spool instead, with a warning (see
/// <see cref="Microsoft.Extensions.DependencyInjection.FileSpoolAuditTrailBuilderExtensions"/>); a host without
/// <see cref="IHostEnvironment"/> counts as production.
/// </summary>
/// <param name="services">Where the environment and the store's identity come from.</param>
internal sealed class FileSpoolOptionsValidator(IServiceProvider services) : IValidateOptions<AuditTrailOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditTrailOptions options)
    {
        if (options.Spool.Disabled || IsDevelopment(services))
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Spool.Directory is { } directory)
        {
            return GetChosenProblem(directory) is { } chosenProblem
                ? ValidateOptionsResult.Fail(ChosenMessage(directory, chosenProblem))
                : ValidateOptionsResult.Success;
        }

        return FileSpoolLocation.Resolve(options.Spool, services).Problem is { } problem
            ? ValidateOptionsResult.Fail(Message(problem))
            : ValidateOptionsResult.Success;
    }

    /// <summary>Why the directory the host or the store chose cannot be used, or <see langword="null"/>.</summary>
    private static string? GetChosenProblem(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            // Not a path at all: the core's validator names that.
            return null;
        }

        string path;
        try
        {
            path = Path.GetFullPath(directory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"is not a usable path: {ex.Message}";
        }

        var problem = FileSpoolLocation.GetWriteProblem(path);
        return problem is null || path == directory ? problem : $"(resolved to '{path}') {problem}";
    }

    /// <summary>The start-up error for a directory the host or the store chose.</summary>
    public static string ChosenMessage(string directory, string problem) =>
        $"AuditTrailOptions.Spool.Directory '{directory}' {problem}. Without a spool, fail-open events are lost to their " +
        "callers (AuditWriteException) while the store is down. Set AuditTrailOptions.Spool.Directory to a persistent " +
        "directory that only this application's account can write, or set AuditTrailOptions.Spool.Disabled = true to run " +
        "without a spool on purpose.";

    /// <summary>The start-up error: what is wrong, what it would cost, and the two ways out.</summary>
    public static string Message(string problem) =>
        $"AuditTrailOptions.Spool.Directory is not set and {problem}. Without a spool, fail-open events are lost to their " +
        "callers (AuditWriteException) while the store is down. Set AuditTrailOptions.Spool.Directory to a persistent " +
        "directory that only this application's account can write, or set AuditTrailOptions.Spool.Disabled = true to run " +
        "without a spool on purpose.";

    /// <summary>Whether the host runs in the Development environment.</summary>
    public static bool IsDevelopment(IServiceProvider services) => services.GetService<IHostEnvironment>()?.IsDevelopment() == true;
}
