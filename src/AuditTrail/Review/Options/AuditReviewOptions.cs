namespace AuditTrail;

/// <summary>
/// The thresholds of the review detectors (<see cref="AuditDetectors"/>), validated when the host starts. The defaults
/// follow common SOC practice; <c>docs/review.md</c> explains each.
/// </summary>
public sealed class AuditReviewOptions
{
    /// <summary>Detectors that do not run, by name (<see cref="AuditDetectors"/>). Default: none.</summary>
    public ISet<string> DisabledDetectors { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Brute force on one account: failed logins for one attempted user name. Default: 10 within 10 minutes.</summary>
    public AuditBurstOptions BruteForce { get; } = new() { Threshold = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Password spraying: distinct user names one source address fails against. Default: 10 within 1 hour.</summary>
    public AuditBurstOptions PasswordSpraying { get; } = new() { Threshold = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Bulk destruction: deletes by one actor. Default: 50 within 10 minutes.</summary>
    public AuditBurstOptions BulkDelete { get; } = new() { Threshold = 50, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// Bulk read: an <see cref="AuditActions.AuditExported"/> record whose metadata <c>count</c> is above this; at
    /// least 1. Default: 10 000.
    /// </summary>
    public long MaxExportedRecords { get; set; } = 10_000;

    /// <summary>The per-user login baseline (unusual time, new network, client or country).</summary>
    public AuditLoginBaselineOptions LoginBaseline { get; } = new();

    /// <summary>The planned maintenance windows.</summary>
    public AuditMaintenanceOptions Maintenance { get; } = new();

    /// <summary>What counts as an admin grant.</summary>
    public AuditAdminOptions Admins { get; } = new();

    /// <summary>
    /// How long after <see cref="AuditActions.AuditStopped"/> an <see cref="AuditActions.AuditStarted"/> must follow
    /// before the stop is a gap in the trail; 1 second to 1 day. Default: 10 minutes.
    /// </summary>
    public TimeSpan MaxRestartGap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The continuous review (<c>AddReviewAlerts</c>) hands a finding to the alert sinks only while its episode ended
    /// less than this long ago: turned on over an existing trail, it goes through the trail's history without alerting
    /// every episode of it (a review of the period still reports them). An admin without MFA has not ended while it
    /// holds: it is alerted once the trail's recent records are handled, if it still holds then. <see langword="null"/>:
    /// no limit. 1 minute to 3 650 days. Default: 7 days.
    /// </summary>
    public TimeSpan? MaxAlertAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most evidence ids one finding lists (the first ones, in time order); 1 to 10 000. Default: 100.</summary>
    public int MaxEvidenceIds { get; set; } = 100;

    /// <summary>Whether the detector <paramref name="detector"/> runs.</summary>
    /// <param name="detector">A name of <see cref="AuditDetectors"/>.</param>
    /// <returns><see langword="false"/> when it is in <see cref="DisabledDetectors"/>.</returns>
    public bool IsEnabled(string detector) => !DisabledDetectors.Contains(detector);
}
