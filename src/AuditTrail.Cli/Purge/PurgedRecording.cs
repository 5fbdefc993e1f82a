using AuditTrail.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// What surrounds a purge, for <c>purge</c> and <c>archive --purge</c>: with checkpoints, its intent is signed before it
/// and, once it removed rows, the new retention anchor after it, so the verifier can tell the purge from tampering; then
/// <c>audit.purged</c> is recorded. The rows are gone whatever happens next, so the purge is recorded even when the anchor fails.
/// </summary>
internal static class PurgedRecording
{
    /// <summary>
    /// Takes the store's purge lock for the whole run (<see cref="IAuditPurgeLock"/>), so that this run neither takes a
    /// purge under way (the application's retention, another command) for a killed one nor interleaves with it; with
    /// <c>--wait</c>, waits for such a purge to end (<see cref="PurgeLockWait"/>).
    /// </summary>
    /// <param name="store">The store to purge.</param>
    /// <param name="nothing">What did not happen, for the message: "purged", "archived or purged".</param>
    /// <param name="wait">How long to wait for the lock (<c>--wait</c>), or <see langword="null"/> to refuse at once.</param>
    /// <param name="context">Where the wait is announced, and its clock.</param>
    /// <param name="cancellationToken">Cancels the operation, and the wait.</param>
    /// <returns>The held lock, to dispose once the purge is recorded.</returns>
    /// <exception cref="CliConnectionException">Another purge holds the lock (still, after the wait); nothing was done.</exception>
    public static async Task<IAsyncDisposable> TakeLockAsync(IAuditStore store, string nothing, TimeSpan? wait, CliContext context, CancellationToken cancellationToken) =>
        await PurgeLockWait.AcquireAsync(store, wait, context, cancellationToken).ConfigureAwait(false)
        ?? throw new CliConnectionException(
            $"Another purge is running on this store (the application's retention or another audittrail command); nothing was {nothing}" +
            (wait is { } waited ? $" (waited {PurgeLockWait.Describe(waited)})" : string.Empty) +
            ". Run the command again once it has ended.");

    /// <summary>
    /// Signs the purge's intent before its first batch (docs/integrity.md), so that a verification while it runs is no
    /// false alarm; when that fails, nothing is purged and the message says so.
    /// </summary>
    /// <param name="services">The trail with checkpoints.</param>
    /// <param name="cutoff">The purge's cutoff.</param>
    /// <param name="nothing">What did not happen, for the message: "purged", "archived or purged".</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <exception cref="CliConnectionException">The intent could not be signed.</exception>
    public static async Task SignIntentAsync(IServiceProvider services, DateTimeOffset cutoff, string nothing, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<IAuditCheckpointWriter>().PurgeIntentAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CliConnectionException($"Nothing was {nothing}: the purge's intent could not be signed into the checkpoint folder ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

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

        // The record names the anchor the purge left, so that the next purge can tell one that stopped before its record.
        var metadata = new Dictionary<string, string>(purged.Metadata ?? new Dictionary<string, string>());
        await AuditInterruptedPurge.AddAnchorAsync(services.GetRequiredService<IAuditStore>(), metadata, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<IAuditLogger>().LogAsync(purged with { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
        return anchorFailure;
    }

    /// <summary>
    /// Records the rows an earlier purge removed without recording them (killed between its batches and its record), as
    /// <see cref="RecordAsync"/> does, before this run purges.
    /// </summary>
    /// <returns>The description of what was recorded, or <see langword="null"/> when every purge was recorded.</returns>
    public static async Task<string?> RecordInterruptedAsync(IServiceProvider services, bool signAnchor, CancellationToken cancellationToken)
    {
        var interrupted = await AuditInterruptedPurge.FindAsync(services.GetRequiredService<IAuditStore>(), CliContext.Actor, cancellationToken).ConfigureAwait(false);
        if (interrupted is null)
        {
            return null;
        }

        if (signAnchor)
        {
            await services.GetRequiredService<IAuditCheckpointWriter>().AnchorAsync(cancellationToken).ConfigureAwait(false);
        }

        await services.GetRequiredService<IAuditLogger>().LogAsync(interrupted, cancellationToken).ConfigureAwait(false);
        return interrupted.Description;
    }
}
