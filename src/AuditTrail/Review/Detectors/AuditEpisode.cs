namespace AuditTrail;

/// <summary>
/// One episode a detector follows: its evidence records (the first <see cref="AuditReviewOptions.MaxEvidenceIds"/>
/// of them), its time span and the addresses it came from. Its id is fixed by its first record.
/// </summary>
internal sealed class AuditEpisode(string detector, string key, int maxEvidence, Func<AuditRecord, string>? subjectOf = null)
{
    private readonly List<Guid> _evidence = [];
    private readonly AuditDistinctTexts _subjects = new(StringComparer.OrdinalIgnoreCase);
    private readonly AuditDistinctTexts _sourceIps = new(StringComparer.Ordinal);

    public string Detector { get; } = detector;

    public string Id { get; private set; } = string.Empty;

    public int Count { get; private set; }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public string? TenantId { get; private set; }

    /// <summary>What the episode is about, in words (the user name a burst tried), once a detector names it.</summary>
    public string? Label { get; set; }

    /// <summary>The distinct subjects (user names a spraying address tried), when the episode counts them.</summary>
    public int SubjectCount => _subjects.Count;

    public AuditEpisode Add(AuditRecord record)
    {
        if (Count == 0)
        {
            Id = AuditFindingIds.Of(Detector, key, record.Id);
            Start = record.OccurredAt;
            TenantId = record.TenantId;
        }

        Count++;
        End = record.OccurredAt > End ? record.OccurredAt : End;
        if (_evidence.Count < maxEvidence)
        {
            _evidence.Add(record.Id);
        }

        if (record.SourceIp is { Length: > 0 } ip)
        {
            _sourceIps.Add(ip);
        }

        if (subjectOf is not null)
        {
            _subjects.Add(subjectOf(record));
        }

        return this;
    }

    public AuditEpisode AddRange(IEnumerable<AuditRecord> records)
    {
        foreach (var record in records)
        {
            Add(record);
        }

        return this;
    }

    /// <summary>A new episode of <paramref name="otherDetector"/> that starts with this one's evidence (a success after a burst).</summary>
    public AuditEpisode CopyAs(string otherDetector, string otherKey)
    {
        var copy = new AuditEpisode(otherDetector, otherKey, maxEvidence, subjectOf)
        {
            Id = AuditFindingIds.Of(otherDetector, otherKey, _evidence[0]),
            Count = Count,
            Start = Start,
            End = End,
            TenantId = TenantId,
        };
        copy._evidence.AddRange(_evidence);
        copy._sourceIps.UnionWith(_sourceIps);
        copy._subjects.UnionWith(_subjects);
        return copy;
    }

    /// <summary>The one address the episode came from, or <see langword="null"/> when it came from none or several.</summary>
    public string? SingleSourceIp => _sourceIps.Count == 1 ? _sourceIps.First : null;

    /// <summary>" from 203.0.113.7", " from 3 addresses", or nothing.</summary>
    public string FromText => _sourceIps.Count switch
    {
        0 => string.Empty,
        1 => " from " + _sourceIps.First,
        var n => $" from {n} addresses",
    };

    public AuditFinding ToFinding(AuditFindingSeverity severity, string summary, string? actorId, string? sourceIp = null) => new()
    {
        Id = Id,
        Detector = Detector,
        Severity = severity,
        ActorId = actorId,
        SourceIp = sourceIp ?? SingleSourceIp,
        TenantId = TenantId,
        Start = Start,
        End = End,
        Summary = summary,
        EvidenceIds = [.. _evidence],
    };
}
