namespace AuditTrail;

/// <summary>
/// The detectors of one review, or of the continuous alerts, fed the same records in time order. Records of the
/// review itself (<see cref="AuditActions.ReviewFinding"/>) are never evidence, so recording findings does not feed back.
/// </summary>
internal sealed class AuditDetection
{
    /// <summary>How much record time passes between two sweeps of the detectors' state.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly AuditDetector[] _detectors;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public AuditDetection(AuditReviewOptions options, TimeSpan? retention, IAuditGeoLocator? geo)
    {
        Options = options;
        Maintenance = new MaintenanceWindowDetector(options);
        Departed = new DepartedActorDetector(options);
        List<AuditDetector> detectors = [new BruteForceDetector(options), Departed, new PrivilegeDetector(options), new BulkDetector(options)];
        if (options.IsEnabled(AuditDetectors.PasswordSpraying))
        {
            detectors.Add(new PasswordSprayingDetector(options));
        }

        if (LoginBaseline(options))
        {
            detectors.Add(new LoginBaselineDetector(options, geo));
        }

        if (Maintenance.IsActive && options.IsEnabled(AuditDetectors.ChangeOutsideMaintenanceWindow))
        {
            detectors.Add(Maintenance);
        }

        if (options.IsEnabled(AuditDetectors.TrailGap))
        {
            detectors.Add(new TrailGapDetector(options, retention));
        }

        _detectors = [.. detectors];
    }

    public AuditReviewOptions Options { get; }

    public AuditFindingCollector Found { get; } = new();

    /// <summary>The change detector, so the reads know whether to read every change or only deletes.</summary>
    public MaintenanceWindowDetector Maintenance { get; }

    /// <summary>The departed-actor detector, so the reads know whose actions to read.</summary>
    public DepartedActorDetector Departed { get; }

    public bool RunsMaintenance => _detectors.Contains(Maintenance);

    /// <summary>The record time of the last sweep: state quiet for longer than a detector's window before it is gone.</summary>
    public DateTimeOffset LastSweep => _lastSweep;

    public void Observe(AuditRecord record)
    {
        if (record.Action == AuditActions.ReviewFinding)
        {
            return;
        }

        if (record.OccurredAt - _lastSweep >= SweepInterval)
        {
            Advance(record.OccurredAt);
        }

        foreach (var detector in _detectors)
        {
            detector.Observe(record, Found);
        }
    }

    /// <summary>Time has moved on to <paramref name="now"/> without a record: timeouts report, stale state goes.</summary>
    public void Advance(DateTimeOffset now)
    {
        _lastSweep = now;
        foreach (var detector in _detectors)
        {
            detector.Advance(now, Found);
        }
    }

    /// <summary>The conditions that hold at the end (admins without MFA).</summary>
    public IEnumerable<AuditFinding> Standing() => _detectors.SelectMany(d => d.Standing());

    private static bool LoginBaseline(AuditReviewOptions options) =>
        options.IsEnabled(AuditDetectors.UnusualLoginTime) || options.IsEnabled(AuditDetectors.NewNetwork)
        || options.IsEnabled(AuditDetectors.NewClient) || options.IsEnabled(AuditDetectors.NewCountry);
}
