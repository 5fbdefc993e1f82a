using System.Globalization;
using System.Runtime.ExceptionServices;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// <c>purge --execute</c>: purges in batches through the store's purge, then signs the new retention anchor (with a
/// key) and records <c>audit.purged</c>, as retention does.
/// </summary>
internal static class PurgeExecution
{
    /// <summary>Purges what occurred before <paramref name="cutoff"/>; returns how many records went.</summary>
    /// <exception cref="CliConnectionException">The records went, but the anchor or the event could not follow.</exception>
    /// <remarks>
    /// With <paramref name="holds"/>, the cutoff is moved back before each batch after the first to the first record of a
    /// hold placed since (by the application or another operator), so a long purge stops there rather than deleting it.
    /// </remarks>
    public static async Task<long> RunAsync(IAuditStore store, DateTimeOffset cutoff, PurgeSigning? signing, CancellationToken cancellationToken, IAuditLegalHolds? holds = null)
    {
        await using var services = CliServices.Build(store, signing);
        if (signing is not null)
        {
            // Signed before the first batch, so that a verification while the purge is under way (or after it was
            // interrupted) can tell the moving anchor from tampering; a failure to sign it stops before anything goes.
            await PurgedRecording.SignIntentAsync(services, cutoff, "purged", cancellationToken).ConfigureAwait(false);
        }

        long total = 0;
        Exception? interruption = null;
        try
        {
            int deleted;
            var batch = 0;
            do
            {
                if (batch++ > 0 && holds is not null)
                {
                    cutoff = await holds.LimitCutoffAsync(cutoff, cancellationToken).ConfigureAwait(false);
                }

                deleted = await store.PurgeAsync(cutoff, PurgeCommand.BatchSize, cancellationToken).ConfigureAwait(false);
                total += deleted;
            }
            while (deleted >= PurgeCommand.BatchSize); // a pass that drops whole months returns more than a batch
        }
        catch (Exception ex) when (total > 0)
        {
            // Stopped between batches (Ctrl-C, SIGTERM, a lost connection): the batches that went are gone, so they are
            // recorded (and the anchor signed) whatever the token says, and the message says how many went.
            interruption = ex;
        }

        if (total > 0)
        {
            try
            {
                // The rows are gone: their record (and the signed anchor) is written even when a signal arrives meanwhile.
                await RecordAsync(services, total, cutoff, signing, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rows are gone: say so plainly, and what is missing, rather than end in a stack trace.
                throw new CliConnectionException(Invariant(
                    $"Purged {total} record(s) before {PurgeCommand.Time(cutoff)}, but then failed to {(signing is null ? string.Empty : "sign the new retention anchor or ")}record {AuditActions.AuditPurged}: {ex.GetType().Name}: {ex.Message}"),
                    ex);
            }
        }

        if (interruption is not null)
        {
            var what = interruption is OperationCanceledException ? "Cancelled" : Invariant($"Stopped ({interruption.GetType().Name}: {interruption.Message})");
            throw new CliConnectionException(Invariant(
                $"{what} after purging {total} record(s) before {PurgeCommand.Time(cutoff)}; those are recorded as {AuditActions.AuditPurged}{(signing is null ? string.Empty : " and the new retention anchor signed")}, the rest stays."),
                interruption);
        }

        return total;
    }

    /// <summary>Signs the new retention anchor (with a key) and records <c>audit.purged</c>.</summary>
    private static async Task RecordAsync(IServiceProvider provider, long total, DateTimeOffset cutoff, PurgeSigning? signing, CancellationToken cancellationToken)
    {
        // The chain now starts after the purged prefix; a failure to sign its anchor is thrown once the purge is recorded.
        var anchorFailure = await PurgedRecording.RecordAsync(
            provider,
            signing is not null,
            PurgedEvent.Create(Invariant($"The audittrail command purged {total} audit record(s) older than {cutoff:yyyy-MM-dd HH:mm:ss} UTC"), total, cutoff),
            cancellationToken).ConfigureAwait(false);
        if (anchorFailure is not null)
        {
            ExceptionDispatchInfo.Throw(anchorFailure);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
