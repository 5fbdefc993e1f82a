namespace AuditTrail;

/// <summary>
/// The planned maintenance windows: a create, update or delete outside all of them is a finding. With no window
/// declared, the detector does not run (every change would be "outside").
/// </summary>
public sealed class AuditMaintenanceOptions
{
    /// <summary>Weekly recurring windows, each in its own time zone.</summary>
    public IList<AuditMaintenanceWindow> Weekly { get; } = [];

    /// <summary>One-off windows (a planned migration, an incident).</summary>
    public IList<AuditMaintenancePeriod> OneOff { get; } = [];

    /// <summary>
    /// Changes by one actor outside the windows that follow each other within this gap are one episode (one finding);
    /// 1 minute to 1 day. Default: 1 hour.
    /// </summary>
    public TimeSpan EpisodeGap { get; set; } = TimeSpan.FromHours(1);
}
