using AuditTrail;
using AuditTrail.Spool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable file spool: <c>services.AddAuditTrail().UseFileSpool()</c>.</summary>
public static class FileSpoolAuditTrailBuilderExtensions
{
    /// <summary>
    /// The logger category of the spool: the write pipeline's, so that one filter covers every delivery message.
    /// </summary>
    private const string LogCategory = "AuditTrail.Internal.AuditWriteQueue";

    /// <summary>
    /// Makes the file spool the pipeline's <see cref="IAuditSpool"/>: fail-open events that the store cannot take
    /// are appended to segment files under <see cref="AuditSpoolOptions.Directory"/>, synced to disk (the directory
    /// too) before their callers go on, and replayed in order once the store recovers. While
    /// <see cref="AuditSpoolOptions.Directory"/> is <see langword="null"/> there is no spool. The SQLite, PostgreSQL
    /// and SQL Server stores call this for you; a host with another store calls it itself. Calling it again changes nothing.
    /// </summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder UseFileSpool(this IAuditTrailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSpool(Create);
    }

    private static FileAuditSpool? Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Spool;
        if (options.Directory is not { } directory)
        {
            return null;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        return new FileAuditSpool(directory, options.MaxSizeBytes, logger, services.GetRequiredService<AuditFailureReporter>().Report);
    }
}
