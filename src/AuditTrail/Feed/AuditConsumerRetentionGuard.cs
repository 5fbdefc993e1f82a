using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Keeps retention from purging or tombstoning records a registered consumer has not handled: the cutoff is moved back
/// to the oldest unhandled record's time (the earlier of its occurred and recorded times), so the purge (a prefix in sequence order, stopping at the first record not older
/// than the cutoff) stops there. A consumer behind by more than its <see cref="AuditConsumerOptions.MaxLag"/> no
/// longer holds retention back, and each pass that passes it is reported (a warning and a metric).
/// </summary>
internal sealed partial class AuditConsumerRetentionGuard(
    IEnumerable<AuditConsumerRegistration> registrations,
    IOptionsMonitor<AuditConsumerOptions> options,
    IServiceProvider services,
    AuditMetrics metrics,
    ILogger<AuditConsumerRetentionGuard> logger)
{
    /// <summary>The cutoff that purges nothing a consumer still needs (at most <paramref name="cutoff"/>).</summary>
    public async Task<DateTimeOffset> LimitAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Resolved here, not when retention is built with the host's services: a store without a feed then fails the
        // consumers' start with its own message, after the host validated the options.
        var feed = services.GetRequiredService<AuditFeed>();
        var positions = (await feed.Checkpoints.GetCheckpointsAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(checkpoint => checkpoint.Name, checkpoint => checkpoint.Position, StringComparer.Ordinal);
        var limited = cutoff;
        foreach (var registration in registrations)
        {
            var position = positions.GetValueOrDefault(registration.Name);
            var unhandled = await feed.ReadAsync(position, 1, cancellationToken).ConfigureAwait(false);
            if (unhandled.Count == 0 || HeldFrom(unhandled[0].Record) >= limited)
            {
                continue;
            }

            var oldest = unhandled[0].Record;
            var behind = now - oldest.RecordedAt;
            if (options.Get(registration.Name).MaxLag is { } maxLag && behind > maxLag)
            {
                metrics.RetentionPastConsumer(registration.Name);
                LogPurgingPastConsumer(registration.Name, behind, maxLag, position);
                continue;
            }

            limited = HeldFrom(oldest);
        }

        return limited;
    }

    /// <summary>
    /// The earlier of when the record occurred and when it was recorded: a purge stops at the first record that
    /// occurred at or after the cutoff, a tombstone pass at the first recorded at or after it, so both stop at this
    /// record even when its occurred time is ahead of its recording (a caller's clock ahead).
    /// </summary>
    private static DateTimeOffset HeldFrom(AuditRecord record) => record.OccurredAt < record.RecordedAt ? record.OccurredAt : record.RecordedAt;

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Audit retention purges records that consumer '{Consumer}' has not handled: it is {Behind} behind, more than its MaxLag of {MaxLag} (its position is {Position}).")]
    private partial void LogPurgingPastConsumer(string consumer, TimeSpan behind, TimeSpan maxLag, long position);
}
