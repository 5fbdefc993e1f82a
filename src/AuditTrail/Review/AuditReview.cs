using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Runs the detectors over the records of a period, read narrowly through the store with the viewer's scope: an admin
/// sees the findings of everything (of their tenant, when they have one); anyone else gets an empty report.
/// </summary>
internal sealed class AuditReview(
    IAuditStore store,
    IOptions<AuditReviewOptions> options,
    IOptions<AuditTrailOptions> trailOptions,
    TimeProvider time,
    IAuditGeoLocator? geo = null,
    AuditReviewWindows? windows = null) : IAuditReview
{
    public async Task<AuditReviewReport> ReviewAsync(AuditViewer viewer, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (until <= from)
        {
            throw new ArgumentException($"The review period must end after it starts; until ({until:O}) is not after from ({from:O}).", nameof(until));
        }

        if (!viewer.IsAdmin || string.IsNullOrWhiteSpace(viewer.Id))
        {
            return new AuditReviewReport(from, until, []);
        }

        AuditScope.ThrowIfNotStorable(viewer.TenantId, "viewer.TenantId", AuditLimits.TenantId);

        var detection = new AuditDetection(options.Value, trailOptions.Value.Retention.Period, geo);
        var now = time.GetUtcNow();
        var lifecycleEnd = Min(now, AuditReviewTime.After(until, options.Value.MaxRestartGap));
        var scope = AuditFilter.All with { ScopeTenantId = viewer.TenantId };
        detection.Found.Priming = true;
        await foreach (var record in new AuditReviewReads(store, detection, windows).ReadAsync(scope, from, until, lifecycleEnd, cancellationToken).ConfigureAwait(false))
        {
            if (detection.Found.Priming && record.OccurredAt >= from)
            {
                detection.Found.Priming = false;
            }

            detection.Observe(record);
        }

        detection.Found.Priming = false;
        detection.Advance(Max(from, lifecycleEnd));
        var findings = detection.Found.Reported.Concat(detection.Standing())
            .Where(f => viewer.TenantId is null || string.Equals(f.TenantId, viewer.TenantId, StringComparison.Ordinal))
            .DistinctBy(f => f.Id)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Start).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return new AuditReviewReport(from, until, findings);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
