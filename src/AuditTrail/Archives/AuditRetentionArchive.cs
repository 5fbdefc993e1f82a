using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Retention's archiver when <see cref="AuditArchiveOptions.Enabled"/>: over the registered <see cref="IAuditArchiveSink"/>
/// or a <see cref="DirectoryAuditArchiveSink"/> on <see cref="AuditArchiveOptions.Directory"/>, signing with the checkpoint
/// key when checkpoints are configured, its purges limited by the legal holds before each segment. Made once, at the first pass.
/// </summary>
internal sealed class AuditRetentionArchive(IServiceProvider services, IOptions<AuditTrailOptions> options, TimeProvider timeProvider)
{
    private AuditArchiver? _archiver;

    public AuditArchiver? Archiver
    {
        get
        {
            var archive = options.Value.Retention.Archive;
            if (!archive.Enabled)
            {
                return null;
            }

            return _archiver ??= new AuditArchiver(
                services.GetRequiredService<IAuditStore>(),
                services.GetService<IAuditArchiveSink>() ?? new DirectoryAuditArchiveSink(archive.Directory!),
                archive,
                services.GetService<AuditCheckpointSigner>(),
                timeProvider,
                services.GetRequiredService<IAuditLegalHolds>());
        }
    }
}
