using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>The activity chart's counts: from the hourly rollups where they can answer (<see cref="SqliteHistogramRollup"/>, <see cref="SqliteHistogramUserRollup"/>), otherwise from the audit table.</summary>
public sealed partial class SqliteAuditStore
{
    /// <summary>Whether the histogram reads the hourly rollup; off only in tests that compare it with the plain count.</summary>
    internal bool UseHistogramRollup { get; set; } = true;

    /// <inheritdoc />
    /// <remarks>
    /// A filter of nothing but action types, tenant and time is counted from the hourly rollup for its whole hours, and
    /// from the audit table for the partial hours at its ends; one that also names actors, or is a regular viewer's scope,
    /// from the per-user rollup likewise; any other filter from the audit table alone. The counts are the same either way.
    /// </remarks>
    public override async Task<IReadOnlyList<AuditHistogramCell>> CountPerBucketAsync(AuditFilter filter, AuditHistogramBuckets buckets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(buckets);
        var from = filter.From is { } f && f > buckets.Start ? f : buckets.Start;
        var to = filter.To is { } t && t < buckets.End ? t : buckets.End;
        var users = SqliteHistogramRollup.CanServe(filter) ? null : SqliteHistogramUserRollup.Users(filter);
        if (!UseHistogramRollup || (users is null && !SqliteHistogramRollup.CanServe(filter)) || SqliteHistogramRollup.WholeHours(from, to) is not { } hours)
        {
            return await base.CountPerBucketAsync(filter, buckets, cancellationToken).ConfigureAwait(false);
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        List<AuditHistogramCell> cells;
        var connection = await OpenConfiguredConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            cells = await SqliteHistogramRollup.CountAsync(connection, TableName, filter, buckets, hours.First, hours.End, users, cancellationToken).ConfigureAwait(false);
        }

        if (from < hours.First)
        {
            cells.AddRange(await base.CountPerBucketAsync(filter with { From = from, To = hours.First }, buckets, cancellationToken).ConfigureAwait(false));
        }

        if (hours.End < to)
        {
            cells.AddRange(await base.CountPerBucketAsync(filter with { From = hours.End, To = to }, buckets, cancellationToken).ConfigureAwait(false));
        }

        return [.. cells.GroupBy(cell => (cell.Bucket, cell.ActionType)).Select(group => new AuditHistogramCell(group.Key.Bucket, group.Key.ActionType, group.Sum(cell => cell.Count)))];
    }
}
