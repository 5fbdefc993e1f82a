using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// What follows a purge that removed rows, for <c>purge</c> and <c>archive --purge</c>: signs the new retention anchor
/// (when the services have checkpoints) so the verifier can tell the purge from tampering, then records
/// <c>audit.purged</c>. The rows are gone whatever happens next, so the purge is recorded even when the anchor fails.
/// </summary>
internal static class PurgedRecording
{
    /// <summary>Signs the anchor (with <paramref name="signAnchor"/>) and logs <paramref name="purged"/>.</summary>
    /// <returns>The anchor's failure, for the caller to report once the purge is recorded; <see langword="null"/> when it was signed or not asked for.</returns>
    public static async Task<Exception?> RecordAsync(IServiceProvider services, bool signAnchor, AuditEvent purged, CancellationToken cancellationToken)
    {
        Exception? anchorFailure = null;
        if (signAnchor)
        {
            try
            {
                await services.GetRequiredService<IAuditCheckpointWriter>().AnchorAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                anchorFailure = ex;
            }
        }

        await services.GetRequiredService<IAuditLogger>().LogAsync(purged, cancellationToken).ConfigureAwait(false);
        return anchorFailure;
    }
}
