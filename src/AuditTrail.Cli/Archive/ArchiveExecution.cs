using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Purge;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// <c>archive</c>: writes the segments and, with <c>--purge</c>, purges their records and records <c>audit.purged</c>, also
/// for the records that went before a run stopped part way (Ctrl-C, SIGTERM, a sink that fails on a later segment).
/// </summary>
internal static class ArchiveExecution
{
    /// <summary>Archives (and purges, with <paramref name="purge"/>) what occurred before <paramref name="cutoff"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="sink">Where the segments go.</param>
    /// <param name="options">The table and the segment size.</param>
    /// <param name="signer">Signs the manifests, or <see langword="null"/>.</param>
    /// <param name="cutoff">The purge's exclusive cutoff.</param>
    /// <param name="purge">Whether each segment's records are purged once it is stored.</param>
    /// <param name="services">The trail over <paramref name="store"/> that records <c>audit.purged</c> (and signs the anchor).</param>
    /// <param name="signAnchor">Whether the new retention anchor is signed (<paramref name="services"/> then have checkpoints).</param>
    /// <param name="cancellationToken">Cancels between segments and batches.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="CliConnectionException">The run stopped after records went; they are recorded, the message says how many.</exception>
    public static async Task<AuditArchiveResult> RunAsync(
        IAuditStore store,
        IAuditArchiveSink sink,
        AuditArchiveOptions options,
        AuditCheckpointSigner? signer,
        DateTimeOffset cutoff,
        bool purge,
        IServiceProvider services,
        bool signAnchor,
        CancellationToken cancellationToken)
    {
        var progress = new AuditPurgeProgress();
        var archiver = new AuditArchiver(store, sink, options, signer, TimeProvider.System, services.GetRequiredService<IAuditLegalHolds>());
        if (purge && signAnchor)
        {
            // Signed before the first segment is purged, so that a verification meanwhile is no false alarm.
            await PurgedRecording.SignIntentAsync(services, cutoff, "archived or purged", cancellationToken).ConfigureAwait(false);
        }

        AuditArchiveResult result;
        try
        {
            result = purge
                ? await archiver.ArchiveAndPurgeAsync(cutoff, PurgeCommand.BatchSize, progress, cancellationToken).ConfigureAwait(false)
                : await archiver.ArchiveAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (progress.RecordsPurged > 0)
        {
            // A hold placed while the run went moved the cutoff back: the record and the message name the one kept to.
            cutoff = progress.Cutoff ?? cutoff;
            // The records of the segments stored before the stop are gone: record them whatever the token says.
            await RecordAsync(services, signAnchor, progress.RecordsPurged, segments: null, cutoff).ConfigureAwait(false);
            var what = ex is OperationCanceledException ? "Cancelled" : Invariant($"Stopped ({ex.GetType().Name}: {ex.Message})");
            throw new CliConnectionException(
                Invariant($"{what} after archiving and purging {progress.RecordsPurged} record(s) before {PurgeCommand.Time(cutoff)}; those are recorded as {AuditActions.AuditPurged}{(signAnchor ? " and the new retention anchor signed" : string.Empty)}, the segments written stay in the archive, and the next run continues it."),
                ex);
        }

        if (result.RecordsPurged > 0)
        {
            cutoff = progress.Cutoff ?? cutoff;
            // The rows are gone: the record of their purge is written even when a signal arrives meanwhile.
            await RecordAsync(services, signAnchor, result.RecordsPurged, result.Segments.Count, cutoff).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Signs the new retention anchor (with <paramref name="signAnchor"/>) and records <c>audit.purged</c>, as the purge
    /// command does (<see cref="PurgedRecording"/>), even when a signal arrives meanwhile; a failed anchor is then thrown,
    /// saying what went and what is missing.
    /// </summary>
    private static async Task RecordAsync(IServiceProvider services, bool signAnchor, long purged, int? segments, DateTimeOffset cutoff)
    {
        var anchorFailure = await PurgedRecording.RecordAsync(
            services,
            signAnchor,
            PurgedEvent.Create(
                Invariant($"The audittrail command archived and purged {purged} audit record(s) older than {PurgeCommand.Time(cutoff)}"),
                purged,
                cutoff,
                segments is { } count ? new Dictionary<string, string> { ["archived_segments"] = count.ToString(CultureInfo.InvariantCulture) } : null),
            CancellationToken.None).ConfigureAwait(false);
        if (anchorFailure is not null)
        {
            throw new CliConnectionException(
                Invariant($"Archived and purged {purged} record(s) before {PurgeCommand.Time(cutoff)} and recorded them as {AuditActions.AuditPurged}, but then failed to sign the new retention anchor: {anchorFailure.GetType().Name}: {anchorFailure.Message}"),
                anchorFailure);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
