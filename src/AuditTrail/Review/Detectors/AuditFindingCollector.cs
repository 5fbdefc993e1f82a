namespace AuditTrail;

/// <summary>
/// Where detectors report: the latest version of each finding by id. While <see cref="Priming"/> (the records before
/// the reviewed period, or before the alerts' restart point), reported ids are only remembered as seen. A finding may be
/// reported as a way to build it, so that a detector that extends an episode on every record builds the finding once,
/// when it is read, from the episode's state then.
/// </summary>
internal sealed class AuditFindingCollector
{
    private readonly Dictionary<string, Func<AuditFinding>> _reported = new(StringComparer.Ordinal);

    public bool Priming { get; set; }

    private readonly Dictionary<string, Func<AuditFinding>> _primed = new(StringComparer.Ordinal);

    /// <summary>The ids reported while priming: episodes handled before.</summary>
    public IReadOnlyCollection<string> PrimedIds => _primed.Keys;

    /// <summary>The findings reported while priming, each built now (as the priming left their episodes).</summary>
    public IReadOnlyList<AuditFinding> Primed => [.. _primed.Values.Select(build => build())];

    /// <summary>The findings reported since the last <see cref="Clear"/>, each built now.</summary>
    public IReadOnlyList<AuditFinding> Reported => [.. _reported.Values.Select(build => build())];

    public void Report(AuditFinding finding) => Report(finding.Id, () => finding);

    /// <summary>Reports the finding <paramref name="id"/>, built by <paramref name="build"/> when <see cref="Reported"/> is read.</summary>
    public void Report(string id, Func<AuditFinding> build)
    {
        if (Priming)
        {
            _primed[id] = build;
        }
        else
        {
            _reported[id] = build;
        }
    }

    public void Clear() => _reported.Clear();
}
