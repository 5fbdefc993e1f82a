namespace AuditTrail;

/// <summary>
/// Where detectors report: the latest version of each finding by id. While <see cref="Priming"/> (the records before
/// the reviewed period, or before the alerts' restart point), reported ids are only remembered as seen.
/// </summary>
internal sealed class AuditFindingCollector
{
    private readonly Dictionary<string, AuditFinding> _reported = new(StringComparer.Ordinal);

    public bool Priming { get; set; }

    /// <summary>The ids reported while priming: episodes handled before.</summary>
    public HashSet<string> PrimedIds { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AuditFinding> Reported => _reported.Values;

    public void Report(AuditFinding finding)
    {
        if (Priming)
        {
            PrimedIds.Add(finding.Id);
        }
        else
        {
            _reported[finding.Id] = finding;
        }
    }

    public void Clear() => _reported.Clear();
}
