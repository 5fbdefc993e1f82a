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
    private readonly Dictionary<string, AuditLoginBaseline> _users = new(StringComparer.Ordinal);
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
        if (!_users.TryGetValue(key, out var baseline))
        {
            _users[key] = baseline = new AuditLoginBaseline();
        }

        baseline.Trim(AuditReviewTime.Before(record.OccurredAt, _baseline.Period), MaxMarks);

        var local = TimeZoneInfo.ConvertTime(record.OccurredAt, _zone);
        var mark = new AuditLoginBaseline.Mark(
            record.OccurredAt,
            local.Hour,
            AuditNetworkPrefix.Of(record.SourceIp, _baseline.IPv4PrefixLength, _baseline.IPv6PrefixLength),
            AuditUserAgentFamily.Of(record.UserAgent),
            _country && record.SourceIp is { } ip ? geo!.GetCountry(ip) : null);
        if (baseline.Count >= _baseline.MinLogins)
        {
            Compare(record, key, local, mark, baseline, found);
        }

        baseline.Add(mark);
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        foreach (var (key, baseline) in _users)
        {
            if (baseline.Last < AuditReviewTime.Before(now, _baseline.Period))
            {
                _users.Remove(key);
            }
        }
    }

    private void Compare(AuditRecord record, string key, DateTimeOffset local, AuditLoginBaseline.Mark mark, AuditLoginBaseline baseline, AuditFindingCollector found)
    {
        var who = AuditReviewText.Name(record.Actor);
        var since = $"not seen for them in the last {AuditReviewText.Days(_baseline.Period)} ({AuditReviewText.Count(baseline.Count, "login")})";
        if (_time && !baseline.HasHourNear(mark.Hour, _baseline.HourMargin))
        {
            var at = local.ToString("HH:mm", CultureInfo.InvariantCulture);
            Report(record, key, AuditDetectors.UnusualLoginTime, AuditFindingSeverity.Low,
                $"Login by '{who}' at {at} ({_zone.Id}), outside the hours of their {AuditReviewText.Count(baseline.Count, "login")} of the last {AuditReviewText.Days(_baseline.Period)}", found);
        }

        if (_network && mark.Network is { } network && !baseline.HasNetwork(network))
        {
            Report(record, key, AuditDetectors.NewNetwork, AuditFindingSeverity.Low, $"Login by '{who}' from {network}, a network {since}", found);
        }

        if (_client && mark.Client is { } client && !baseline.HasClient(client))
        {
            Report(record, key, AuditDetectors.NewClient, AuditFindingSeverity.Low, $"Login by '{who}' with {client}, a client {since}", found);
        }

        if (mark.Country is { } country && !baseline.HasCountry(country))
        {
            Report(record, key, AuditDetectors.NewCountry, AuditFindingSeverity.Medium, $"Login by '{who}' from {country}, a country {since}", found);
        }
    }

    private void Report(AuditRecord record, string key, string detector, AuditFindingSeverity severity, string summary, AuditFindingCollector found) =>
        found.Report(new AuditEpisode(detector, key, options.MaxEvidenceIds).Add(record).ToFinding(severity, summary, record.Actor.Id, record.SourceIp));
}
