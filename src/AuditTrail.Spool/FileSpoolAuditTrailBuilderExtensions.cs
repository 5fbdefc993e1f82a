using AuditTrail;
using AuditTrail.Spool;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable file spool: <c>services.AddAuditTrail().UseFileSpool()</c>.</summary>
public static partial class FileSpoolAuditTrailBuilderExtensions
{
    /// <summary>
    /// The logger category of the spool: the write pipeline's, so that one filter covers every delivery message.
    /// </summary>
    private const string LogCategory = "AuditTrail.Internal.AuditWriteQueue";

    /// <summary>
    /// Makes the file spool the pipeline's <see cref="IAuditSpool"/>: fail-open events that the store cannot take
    /// are appended to segment files under <see cref="AuditSpoolOptions.Directory"/>, synced to disk (the directory
    /// too) before their callers go on, and replayed in order once the store recovers. The SQLite, PostgreSQL and
    /// SQL Server stores call this for you; a host with another store calls it itself. Calling it again changes nothing.
    /// </summary>
    /// <remarks>
    /// While <see cref="AuditSpoolOptions.Directory"/> is <see langword="null"/> (and the store sets none, as SQLite
    /// does), the spool goes to this application's default directory,
    /// <c>{local application data}/AuditTrail/spool/{application}</c>: the local application data folder is
    /// <see cref="Environment.SpecialFolder.LocalApplicationData"/> (on Linux <c>$XDG_DATA_HOME</c> or
    /// <c>~/.local/share</c>), the application is <c>IHostEnvironment.ApplicationName</c> (else the entry assembly's
    /// name) made safe for a file name, and a store that names itself adds <c>-{10 hex digits}</c>, a hash of its
    /// identity. The directory is created at start with owner-only permissions (0700 on Unix). When it cannot be used
    /// (no such folder, read-only, or writable by group or others), the host fails to start naming
    /// <see cref="AuditSpoolOptions.Directory"/>, except in the Development environment, where it starts without a
    /// spool and logs a warning. <see cref="AuditSpoolOptions.Disabled"/> runs without a spool on purpose.
    /// </remarks>
    /// <param name="builder">The audit trail builder.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseFileSpool(this IAuditTrailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(_ => FileSpoolEnvironment.Current());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, FileSpoolOptionsValidator>());
        return builder.UseSpool(Create);
    }

    /// <summary>
    /// For store packages: <see cref="UseFileSpool(IAuditTrailBuilder)"/>, naming the store the events go to, so that
    /// two stores of one application (two databases, two tables) get two default spool directories and never replay
    /// each other's events. Only a hash of the identity appears in the directory's name. A later call replaces the identity.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="storeIdentity">Returns the store's identity, for example <c>postgresql://host:5432/database/schema.table</c>; called at start, it must not connect.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseFileSpool(this IAuditTrailBuilder builder, Func<IServiceProvider, string> storeIdentity)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storeIdentity);
        builder.Services.Replace(ServiceDescriptor.Singleton(new FileSpoolStoreIdentity(storeIdentity)));
        return builder.UseFileSpool();
    }

    private static FileAuditSpool? Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Spool;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var location = FileSpoolLocation.Resolve(options, services);
        if (location.Warning is { } warning)
        {
            LogSpoolDirectoryShared(logger, warning);
        }

        if (location.Directory is not { } directory)
        {
            if (location.Problem is { } problem)
            {
                // Outside Development the options validation has already stopped the start.
                LogNoDefaultSpool(logger, problem);
            }

            return null;
        }

        return new FileAuditSpool(directory, options.MaxSizeBytes, logger, services.GetRequiredService<AuditFailureReporter>().Report);
    }

    [LoggerMessage(EventId = 35, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogSpoolDirectoryShared(ILogger logger, string warning);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning, Message = "No audit spool in this Development run: AuditTrailOptions.Spool.Directory is not set and {Problem}. While the store fails, fail-open events fail like fail-closed ones; outside Development the host would not start. Set AuditTrailOptions.Spool.Directory, or AuditTrailOptions.Spool.Disabled = true to run without a spool on purpose.")]
    private static partial void LogNoDefaultSpool(ILogger logger, string problem);
}
