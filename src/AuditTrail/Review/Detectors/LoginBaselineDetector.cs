using System.Globalization;

namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.UnusualLoginTime"/>, <see cref="AuditDetectors.NewNetwork"/>,
/// <see cref="AuditDetectors.NewClient"/> and <see cref="AuditDetectors.NewCountry"/>: a successful login compared
/// with the same user's successful logins of the baseline period. Without a baseline (too few logins) nothing is
/// reported, rather than a guess.
/// </summary>
internal sealed class LoginBaselineDetector(AuditReviewOptions options, IAuditGeoLocator? geo) : AuditDetector
{
    /// <summary>The most logins one user's baseline keeps (the newest); enough for any human's month.</summary>
    private const int MaxMarks = 5000;

    private readonly AuditLoginBaselineOptions _baseline = options.LoginBaseline;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.LoginBaseline.TimeZoneId);
    private readonly Dictionary<string, Queue<Mark>> _users = new(StringComparer.Ordinal);
    private readonly bool _time = options.IsEnabled(AuditDetectors.UnusualLoginTime);
    private readonly bool _network = options.IsEnabled(AuditDetectors.NewNetwork);
    private readonly bool _client = options.IsEnabled(AuditDetectors.NewClient);
    private readonly bool _country = geo is not null && options.IsEnabled(AuditDetectors.NewCountry);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (record.Action != AuditActions.LoginSucceeded || record.Outcome != AuditOutcome.Success || record.Actor.Type is AuditActorType.Anonymous or AuditActorType.System)
        {
            return;
        }

        var key = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
        if (!_users.TryGetValue(key, out var marks))
        {
            _users[key] = marks = new Queue<Mark>();
        }

        while (marks.Count > 0 && (marks.Peek().Time < record.OccurredAt - _baseline.Period || marks.Count >= MaxMarks))
        {
            marks.Dequeue();
        }

        var local = TimeZoneInfo.ConvertTime(record.OccurredAt, _zone);
        var mark = new Mark(
            record.OccurredAt,
            local.Hour,
            AuditNetworkPrefix.Of(record.SourceIp, _baseline.IPv4PrefixLength, _baseline.IPv6PrefixLength),
            AuditUserAgentFamily.Of(record.UserAgent),
            _country && record.SourceIp is { } ip ? geo!.GetCountry(ip) : null);
        if (marks.Count >= _baseline.MinLogins)
        {
            Compare(record, key, local, mark, marks, found);
        }

        marks.Enqueue(mark);
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        foreach (var (key, marks) in _users)
        {
            if (marks.Count == 0 || marks.Last().Time < now - _baseline.Period)
            {
                _users.Remove(key);
            }
        }
    }

    private void Compare(AuditRecord record, string key, DateTimeOffset local, Mark mark, Queue<Mark> marks, AuditFindingCollector found)
    {
        var who = AuditReviewText.Name(record.Actor);
        var since = $"not seen for them in the last {AuditReviewText.Days(_baseline.Period)} ({AuditReviewText.Count(marks.Count, "login")})";
        if (_time && !marks.Any(m => HourDistance(m.Hour, mark.Hour) <= _baseline.HourMargin))
        {
            var at = local.ToString("HH:mm", CultureInfo.InvariantCulture);
            Report(record, key, AuditDetectors.UnusualLoginTime, AuditFindingSeverity.Low,
                $"Login by '{who}' at {at} ({_zone.Id}), outside the hours of their {AuditReviewText.Count(marks.Count, "login")} of the last {AuditReviewText.Days(_baseline.Period)}", found);
        }

        if (_network && mark.Network is { } network && !marks.Any(m => m.Network == network))
        {
            Report(record, key, AuditDetectors.NewNetwork, AuditFindingSeverity.Low, $"Login by '{who}' from {network}, a network {since}", found);
        }

        if (_client && mark.Client is { } client && !marks.Any(m => string.Equals(m.Client, client, StringComparison.OrdinalIgnoreCase)))
        {
            Report(record, key, AuditDetectors.NewClient, AuditFindingSeverity.Low, $"Login by '{who}' with {client}, a client {since}", found);
        }

        if (mark.Country is { } country && !marks.Any(m => string.Equals(m.Country, country, StringComparison.OrdinalIgnoreCase)))
        {
            Report(record, key, AuditDetectors.NewCountry, AuditFindingSeverity.Medium, $"Login by '{who}' from {country}, a country {since}", found);
        }
    }

    private void Report(AuditRecord record, string key, string detector, AuditFindingSeverity severity, string summary, AuditFindingCollector found) =>
        found.Report(new AuditEpisode(detector, key, options.MaxEvidenceIds).Add(record).ToFinding(severity, summary, record.Actor.Id, record.SourceIp));

    /// <summary>Hours apart on the clock face: 23 and 0 are 1 apart.</summary>
    private static int HourDistance(int a, int b) => Math.Min(Math.Abs(a - b), 24 - Math.Abs(a - b));

    private readonly record struct Mark(DateTimeOffset Time, int Hour, string? Network, string? Client, string? Country);
}
